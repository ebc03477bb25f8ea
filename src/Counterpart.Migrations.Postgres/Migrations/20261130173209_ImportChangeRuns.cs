using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Counterpart.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ImportChangeRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LastEntityId",
                table: "ImportChanges",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastEntityId",
                table: "ImportChanges");
        }
    }
}
