using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Counterpart.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IndicatorFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IndicatorFacts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<int>(type: "INTEGER", maxLength: 32, nullable: false),
                    OwnerOrgId = table.Column<long>(type: "INTEGER", nullable: false),
                    EastOrgId = table.Column<long>(type: "INTEGER", nullable: false),
                    WestOrgId = table.Column<long>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Category = table.Column<int>(type: "INTEGER", nullable: false),
                    Variant = table.Column<int>(type: "INTEGER", nullable: false),
                    RefId = table.Column<long>(type: "INTEGER", nullable: false),
                    SubjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    Since = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false),
                    Value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndicatorFacts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IndicatorFactStates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    StableEmploymentMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    BuiltAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndicatorFactStates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorFacts_Count",
                table: "IndicatorFacts",
                column: "Count",
                filter: "\"Count\" = 0");

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorFacts_Kind_EastOrgId_Year",
                table: "IndicatorFacts",
                columns: new[] { "Kind", "EastOrgId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorFacts_Kind_OwnerOrgId_EastOrgId_WestOrgId_Year_Category_Variant_RefId_SubjectId_Since",
                table: "IndicatorFacts",
                columns: new[] { "Kind", "OwnerOrgId", "EastOrgId", "WestOrgId", "Year", "Category", "Variant", "RefId", "SubjectId", "Since" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorFacts_Kind_WestOrgId_Year",
                table: "IndicatorFacts",
                columns: new[] { "Kind", "WestOrgId", "Year" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IndicatorFacts");

            migrationBuilder.DropTable(
                name: "IndicatorFactStates");
        }
    }
}
