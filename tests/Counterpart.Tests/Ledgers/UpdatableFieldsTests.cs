using Counterpart.Donations;
using Counterpart.Ledgers;

namespace Counterpart.Tests.Ledgers;

/// <summary>The list of properties a ledger's upsert compares and copies (the database side is covered by the import tests).</summary>
public sealed class UpdatableFieldsTests
{
    private static readonly UpdatableFields<Donation> Fields = new UpdatableFields<Donation>()
        .Add(d => d.Amount).Add(d => d.Purpose, CooperationSides.SameText).Add(d => d.OwnerOrgId);

    private static Donation Gift(decimal amount, string? purpose, long owner) =>
        new() { ReceiptNo = "JZ-1", WestOrgId = 7, Amount = amount, Purpose = purpose, OwnerOrgId = owner };

    [Fact]
    public void Same_UsesEachPropertysComparison()
    {
        // 1.50 and 1.5 are one amount; a stored full-width comma reads back as the half-width one.
        Assert.True(Fields.Same(Gift(1.50m, "助学，助困", 3), Gift(1.5m, "助学,助困", 3)));
        Assert.False(Fields.Same(Gift(1.5m, "助学", 3), Gift(2m, "助学", 3)));
        Assert.False(Fields.Same(Gift(1.5m, "助学", 3), Gift(1.5m, "助困", 3)));
        Assert.False(Fields.Same(Gift(1.5m, "助学", 3), Gift(1.5m, "助学", 4)), "a property of the base class is compared too");
    }

    [Fact]
    public void Copy_CopiesExactlyTheListedProperties()
    {
        var stored = Gift(1m, "助学", 3);
        stored.DonorName = "某公司";
        var fresh = Gift(9m, "助困", 4);
        fresh.ReceiptNo = "JZ-2";

        Fields.Copy(fresh, stored);

        Assert.Equal((9m, "助困", 4L), (stored.Amount, stored.Purpose, stored.OwnerOrgId));
        Assert.Equal(("JZ-1", "某公司"), (stored.ReceiptNo, stored.DonorName));
        Assert.True(Fields.Same(stored, fresh));
    }

    [Fact]
    public void Add_RefusesWhatIsNotASettablePropertyOfTheEntity()
    {
        var fields = new UpdatableFields<Donation>();

        Assert.Throws<ArgumentException>(() => fields.Add(d => d.Amount * 2));
        Assert.Throws<ArgumentException>(() => fields.Add(d => d.Owner!.Name));
    }
}
