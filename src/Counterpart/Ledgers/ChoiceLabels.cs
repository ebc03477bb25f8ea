namespace Counterpart.Ledgers;

/// <summary>
/// The Chinese labels of a coded column (<see cref="CellKind.Choice"/>) and the values they stand for, read both ways: a
/// label to its value when a file is imported, a value to its label when rows are exported, so that an export reads
/// back unchanged. Declared once per ledger with index initializers: <c>new() { ["资金"] = DonationKind.Money }</c>.
/// </summary>
internal sealed class ChoiceLabels<TEnum> where TEnum : struct, Enum
{
    private readonly Dictionary<string, TEnum> values = new(StringComparer.Ordinal);
    private readonly Dictionary<TEnum, string> labels = [];

    /// <summary>The value a label stands for.</summary>
    public TEnum this[string label]
    {
        get => values[label];
        init
        {
            values.Add(label, value);
            labels.TryAdd(value, label);
        }
    }

    /// <summary>The label a value is written with (the first declared for it).</summary>
    public string this[TEnum value] => labels[value];

    /// <summary>The labels in the order declared: the column's choices.</summary>
    public IEnumerable<string> Keys => values.Keys;

    public bool ContainsKey(string label) => values.ContainsKey(label);

    public bool TryGetValue(string label, out TEnum value) => values.TryGetValue(label, out value);
}
