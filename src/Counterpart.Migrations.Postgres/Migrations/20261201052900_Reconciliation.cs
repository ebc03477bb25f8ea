using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Counterpart.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Reconciliation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FlowStatements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    EastOrgId = table.Column<long>(type: "bigint", nullable: true),
                    WestOrgId = table.Column<long>(type: "bigint", nullable: false),
                    Reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PersonName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    IdHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    IdCipher = table.Column<byte[]>(type: "bytea", maxLength: 128, nullable: true),
                    IdMasked = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    Direction = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false),
                    ReviewState = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FlowStatements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FlowStatements_Organizations_EastOrgId",
                        column: x => x.EastOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_FlowStatements_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FlowStatements_Organizations_WestOrgId",
                        column: x => x.WestOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReconciliationNotes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PairingId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Direction = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ItemKey = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Author = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    WrittenAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false),
                    ReviewState = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReconciliationNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReconciliationNotes_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReconciliationNotes_Pairings_PairingId",
                        column: x => x.PairingId,
                        principalTable: "Pairings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FlowStatements_EastOrgId",
                table: "FlowStatements",
                column: "EastOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_FlowStatements_IdHash",
                table: "FlowStatements",
                column: "IdHash");

            migrationBuilder.CreateIndex(
                name: "IX_FlowStatements_OwnerOrgId_Kind_Date",
                table: "FlowStatements",
                columns: new[] { "OwnerOrgId", "Kind", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_FlowStatements_WestOrgId",
                table: "FlowStatements",
                column: "WestOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_ReconciliationNotes_OwnerOrgId",
                table: "ReconciliationNotes",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_ReconciliationNotes_PairingId_Kind_ItemKey",
                table: "ReconciliationNotes",
                columns: new[] { "PairingId", "Kind", "ItemKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FlowStatements");

            migrationBuilder.DropTable(
                name: "ReconciliationNotes");
        }
    }
}
