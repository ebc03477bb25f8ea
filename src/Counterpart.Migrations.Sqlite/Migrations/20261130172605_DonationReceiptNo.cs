using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Counterpart.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DonationReceiptNo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Donations_WestOrgId",
                table: "Donations");

            migrationBuilder.AddColumn<string>(
                name: "ReceiptNo",
                table: "Donations",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Gifts recorded before receipts were kept get a placeholder that is unique and easy to spot and correct.
            migrationBuilder.Sql("UPDATE \"Donations\" SET \"ReceiptNo\" = 'ID-' || \"Id\"");

            migrationBuilder.CreateIndex(
                name: "IX_Donations_WestOrgId_ReceiptNo",
                table: "Donations",
                columns: new[] { "WestOrgId", "ReceiptNo" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Donations_WestOrgId_ReceiptNo",
                table: "Donations");

            migrationBuilder.DropColumn(
                name: "ReceiptNo",
                table: "Donations");

            migrationBuilder.CreateIndex(
                name: "IX_Donations_WestOrgId",
                table: "Donations",
                column: "WestOrgId");
        }
    }
}
