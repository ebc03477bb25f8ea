using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Consumption;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.Property(p => p.Code).HasMaxLength(64);
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.Category).HasMaxLength(64);
        b.Property(p => p.Description).HasMaxLength(2000);
        b.HasIndex(p => p.Code).IsUnique();
        b.HasOne(p => p.Producer).WithMany().HasForeignKey(p => p.ProducerOrgId);
    }
}

internal sealed class SaleConfiguration : IEntityTypeConfiguration<Sale>
{
    public void Configure(EntityTypeBuilder<Sale> b)
    {
        b.Property(s => s.VoucherNo).HasMaxLength(64);
        b.Property(s => s.BuyerName).HasMaxLength(200);
        b.HasOne(s => s.Product).WithMany().HasForeignKey(s => s.ProductId);
        b.HasOne(s => s.WestOrg).WithMany().HasForeignKey(s => s.WestOrgId);
        b.HasOne(s => s.EastOrg).WithMany().HasForeignKey(s => s.EastOrgId);
        // The rule against counting one sale twice: a voucher is recorded once per seller.
        b.HasIndex(s => new { s.WestOrgId, s.VoucherNo }).IsUnique();
        b.HasIndex(s => s.Date);
    }
}
