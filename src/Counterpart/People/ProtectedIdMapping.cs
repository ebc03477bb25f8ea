using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.People;

internal static class ProtectedIdMapping
{
    /// <summary>Columns IdHash (unique: one row per person), IdCipher, IdMasked on the owner's table.</summary>
    public static void Configure<TOwner>(OwnedNavigationBuilder<TOwner, ProtectedId> b) where TOwner : class => Configure(b, unique: true);

    /// <summary>The same columns; <paramref name="unique"/> false where a person may appear on several rows.</summary>
    public static void Configure<TOwner>(OwnedNavigationBuilder<TOwner, ProtectedId> b, bool unique) where TOwner : class
    {
        b.Property(i => i.Hash).HasColumnName("IdHash").HasMaxLength(64);
        b.Property(i => i.Cipher).HasColumnName("IdCipher").HasMaxLength(128);
        b.Property(i => i.Masked).HasColumnName("IdMasked").HasMaxLength(24);
        b.HasIndex(i => i.Hash).IsUnique(unique);
    }
}
