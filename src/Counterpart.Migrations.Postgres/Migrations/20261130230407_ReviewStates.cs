using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Counterpart.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ReviewStates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Rows stored before review existed keep counting: they are approved. The indicator summaries gain the review
            // state as a dimension, so they are thrown away here and rebuilt from the rows at the next start.
            migrationBuilder.Sql("DELETE FROM \"IndicatorFacts\"");
            migrationBuilder.Sql("DELETE FROM \"IndicatorFactStates\"");

            migrationBuilder.DropIndex(
                name: "IX_IndicatorFacts_Kind_OwnerOrgId_EastOrgId_WestOrgId_Year_Cat~",
                table: "IndicatorFacts");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "TrainingSessions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "TalentPersons",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "TalentAssignments",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Sales",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "RectificationTasks",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Projects",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "ProjectOutcomes",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "ProjectFunds",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Products",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Persons",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Pairings",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Offers",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Needs",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "InvestmentInflows",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Inspections",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<bool>(
                name: "Approved",
                table: "IndicatorFacts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "ImportBatchs",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Honors",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "GuidedInvestments",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Findings",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "EvaluationRounds",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Employments",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Donations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "CaseStories",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Agreements",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.CreateTable(
                name: "ReviewEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EntityType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EntityId = table.Column<long>(type: "bigint", nullable: false),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false),
                    Action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    From = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    To = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Actor = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    ActorOrgId = table.Column<long>(type: "bigint", nullable: true),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Rows = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewEvents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorFacts_Kind_OwnerOrgId_EastOrgId_WestOrgId_Year_App~",
                table: "IndicatorFacts",
                columns: new[] { "Kind", "OwnerOrgId", "EastOrgId", "WestOrgId", "Year", "Approved", "Category", "Variant", "RefId", "SubjectId", "Since" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReviewEvents_EntityType_EntityId",
                table: "ReviewEvents",
                columns: new[] { "EntityType", "EntityId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReviewEvents");

            migrationBuilder.DropIndex(
                name: "IX_IndicatorFacts_Kind_OwnerOrgId_EastOrgId_WestOrgId_Year_App~",
                table: "IndicatorFacts");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "TrainingSessions");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "TalentPersons");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "TalentAssignments");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "Sales");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "RectificationTasks");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "ProjectOutcomes");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "ProjectFunds");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "Pairings");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "Offers");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "Needs");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "InvestmentInflows");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "Inspections");

            migrationBuilder.DropColumn(
                name: "Approved",
                table: "IndicatorFacts");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "ImportBatchs");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "Honors");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "GuidedInvestments");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "Findings");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "EvaluationRounds");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "Employments");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "Donations");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "CaseStories");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "Agreements");

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorFacts_Kind_OwnerOrgId_EastOrgId_WestOrgId_Year_Cat~",
                table: "IndicatorFacts",
                columns: new[] { "Kind", "OwnerOrgId", "EastOrgId", "WestOrgId", "Year", "Category", "Variant", "RefId", "SubjectId", "Since" },
                unique: true);
        }
    }
}
