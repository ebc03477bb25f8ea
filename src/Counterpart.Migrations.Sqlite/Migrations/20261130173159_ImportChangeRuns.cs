using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Counterpart.Migrations.Sqlite.Migrations
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
                type: "INTEGER",
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
