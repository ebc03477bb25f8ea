using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Counterpart.Migrations.Sqlite.Migrations
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
                name: "IX_IndicatorFacts_Kind_OwnerOrgId_EastOrgId_WestOrgId_Year_Category_Variant_RefId_SubjectId_Since",
                table: "IndicatorFacts");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "TrainingSessions",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "TalentPersons",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "TalentAssignments",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Sales",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "RectificationTasks",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Projects",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "ProjectOutcomes",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "ProjectFunds",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Products",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Persons",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Pairings",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Offers",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Needs",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "InvestmentInflows",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Inspections",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<bool>(
                name: "Approved",
                table: "IndicatorFacts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "ImportBatchs",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Honors",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "GuidedInvestments",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Findings",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "EvaluationRounds",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Employments",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Donations",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "CaseStories",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Agreements",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Approved");

            migrationBuilder.CreateTable(
                name: "ReviewEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EntityType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EntityId = table.Column<long>(type: "INTEGER", nullable: false),
                    OwnerOrgId = table.Column<long>(type: "INTEGER", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ActorOrgId = table.Column<long>(type: "INTEGER", nullable: true),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Rows = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewEvents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorFacts_Kind_OwnerOrgId_EastOrgId_WestOrgId_Year_Approved_Category_Variant_RefId_SubjectId_Since",
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
                name: "IX_IndicatorFacts_Kind_OwnerOrgId_EastOrgId_WestOrgId_Year_Approved_Category_Variant_RefId_SubjectId_Since",
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
                name: "IX_IndicatorFacts_Kind_OwnerOrgId_EastOrgId_WestOrgId_Year_Category_Variant_RefId_SubjectId_Since",
                table: "IndicatorFacts",
                columns: new[] { "Kind", "OwnerOrgId", "EastOrgId", "WestOrgId", "Year", "Category", "Variant", "RefId", "SubjectId", "Since" },
                unique: true);
        }
    }
}
