using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Counterpart.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Checklists",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    BuiltIn = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Checklists", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Organizations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ParentId = table.Column<long>(type: "bigint", nullable: true),
                    Path = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Depth = table.Column<int>(type: "integer", nullable: false),
                    CreditCode = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    EstablishedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    CoBuiltByOrgId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Organizations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Organizations_Organizations_CoBuiltByOrgId",
                        column: x => x.CoBuiltByOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Organizations_Organizations_ParentId",
                        column: x => x.ParentId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ChecklistItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChecklistId = table.Column<long>(type: "bigint", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChecklistItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChecklistItems_Checklists_ChecklistId",
                        column: x => x.ChecklistId,
                        principalTable: "Checklists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseStories",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    SubjectOrgId = table.Column<long>(type: "bigint", nullable: false),
                    PhotoPaths = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseStories", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseStories_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CaseStories_Organizations_SubjectOrgId",
                        column: x => x.SubjectOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Donations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EastOrgId = table.Column<long>(type: "bigint", nullable: true),
                    DonorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    WestOrgId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Donations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Donations_Organizations_EastOrgId",
                        column: x => x.EastOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Donations_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Donations_Organizations_WestOrgId",
                        column: x => x.WestOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "GuidedInvestments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EastOrgId = table.Column<long>(type: "bigint", nullable: true),
                    WestOrgId = table.Column<long>(type: "bigint", nullable: false),
                    ParkOrgId = table.Column<long>(type: "bigint", nullable: true),
                    Industry = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SignedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    LandedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    SignedAmount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GuidedInvestments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GuidedInvestments_Organizations_EastOrgId",
                        column: x => x.EastOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_GuidedInvestments_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_GuidedInvestments_Organizations_ParkOrgId",
                        column: x => x.ParkOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_GuidedInvestments_Organizations_WestOrgId",
                        column: x => x.WestOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Honors",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AwardedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    RecipientOrgId = table.Column<long>(type: "bigint", nullable: false),
                    RecipientPerson = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Honors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Honors_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Honors_Organizations_RecipientOrgId",
                        column: x => x.RecipientOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ImportBatchs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Ledger = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Actor = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    ImportedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RowsRead = table.Column<int>(type: "integer", nullable: false),
                    Inserted = table.Column<int>(type: "integer", nullable: false),
                    Updated = table.Column<int>(type: "integer", nullable: false),
                    Unchanged = table.Column<int>(type: "integer", nullable: false),
                    UndoneAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportBatchs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportBatchs_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Inspections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SiteOrgId = table.Column<long>(type: "bigint", nullable: false),
                    ChecklistId = table.Column<long>(type: "bigint", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Inspector = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Inspections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Inspections_Checklists_ChecklistId",
                        column: x => x.ChecklistId,
                        principalTable: "Checklists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Inspections_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Inspections_Organizations_SiteOrgId",
                        column: x => x.SiteOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Pairings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    EastOrgId = table.Column<long>(type: "bigint", nullable: false),
                    WestOrgId = table.Column<long>(type: "bigint", nullable: false),
                    ParentPairingId = table.Column<long>(type: "bigint", nullable: true),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: true),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Pairings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Pairings_Organizations_EastOrgId",
                        column: x => x.EastOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Pairings_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Pairings_Organizations_WestOrgId",
                        column: x => x.WestOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Pairings_Pairings_ParentPairingId",
                        column: x => x.ParentPairingId,
                        principalTable: "Pairings",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "Persons",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IdHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IdCipher = table.Column<byte[]>(type: "bytea", maxLength: 128, nullable: false),
                    IdMasked = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Gender = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: false),
                    HouseholdType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    HomeOrgId = table.Column<long>(type: "bigint", nullable: false),
                    PhoneCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    RegisteredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Persons", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Persons_Organizations_HomeOrgId",
                        column: x => x.HomeOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Persons_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Products",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProducerOrgId = table.Column<long>(type: "bigint", nullable: false),
                    CertifiedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Products", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Products_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Products_Organizations_ProducerOrgId",
                        column: x => x.ProducerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Projects",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Content = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    WestOrgId = table.Column<long>(type: "bigint", nullable: false),
                    EastOrgId = table.Column<long>(type: "bigint", nullable: true),
                    BeneficiaryOrgId = table.Column<long>(type: "bigint", nullable: true),
                    ApprovedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    StartedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    CompletedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AcceptedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    BenefitHouseholds = table.Column<int>(type: "integer", nullable: false),
                    BenefitPersons = table.Column<int>(type: "integer", nullable: false),
                    BenefitPersonsLifted = table.Column<int>(type: "integer", nullable: false),
                    BenefitMechanism = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AssetOwner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Projects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Projects_Organizations_BeneficiaryOrgId",
                        column: x => x.BeneficiaryOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Projects_Organizations_EastOrgId",
                        column: x => x.EastOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Projects_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Projects_Organizations_WestOrgId",
                        column: x => x.WestOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TalentPersons",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IdHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    IdCipher = table.Column<byte[]>(type: "bytea", maxLength: 128, nullable: true),
                    IdMasked = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    Gender = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Profession = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RegisteredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TalentPersons", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TalentPersons_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TrainingSessions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Domain = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    MarketOriented = table.Column<bool>(type: "boolean", nullable: false),
                    EastOrgId = table.Column<long>(type: "bigint", nullable: true),
                    WestOrgId = table.Column<long>(type: "bigint", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Attendance = table.Column<int>(type: "integer", nullable: false),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrainingSessions_Organizations_EastOrgId",
                        column: x => x.EastOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_TrainingSessions_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TrainingSessions_Organizations_WestOrgId",
                        column: x => x.WestOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "InvestmentInflows",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    InvestmentId = table.Column<long>(type: "bigint", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InvestmentInflows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InvestmentInflows_GuidedInvestments_InvestmentId",
                        column: x => x.InvestmentId,
                        principalTable: "GuidedInvestments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImportChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BatchId = table.Column<long>(type: "bigint", nullable: false),
                    EntityType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EntityId = table.Column<long>(type: "bigint", nullable: false),
                    Action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Before = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportChanges_ImportBatchs_BatchId",
                        column: x => x.BatchId,
                        principalTable: "ImportBatchs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InspectionResults",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    InspectionId = table.Column<long>(type: "bigint", nullable: false),
                    ChecklistItemId = table.Column<long>(type: "bigint", nullable: false),
                    Passed = table.Column<bool>(type: "boolean", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InspectionResults", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InspectionResults_ChecklistItems_ChecklistItemId",
                        column: x => x.ChecklistItemId,
                        principalTable: "ChecklistItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_InspectionResults_Inspections_InspectionId",
                        column: x => x.InspectionId,
                        principalTable: "Inspections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Agreements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PairingId = table.Column<long>(type: "bigint", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SignedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Agreements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Agreements_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Agreements_Pairings_PairingId",
                        column: x => x.PairingId,
                        principalTable: "Pairings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "EvaluationRounds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PairingId = table.Column<long>(type: "bigint", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ConductedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Completed = table.Column<bool>(type: "boolean", nullable: false),
                    Grade = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluationRounds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EvaluationRounds_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_EvaluationRounds_Pairings_PairingId",
                        column: x => x.PairingId,
                        principalTable: "Pairings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Employments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PersonId = table.Column<long>(type: "bigint", nullable: false),
                    Destination = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    WestOrgId = table.Column<long>(type: "bigint", nullable: false),
                    EastOrgId = table.Column<long>(type: "bigint", nullable: true),
                    EmployerOrgId = table.Column<long>(type: "bigint", nullable: true),
                    EmployerName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    WorkPlaceCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: true),
                    MonthlyIncome = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    Organized = table.Column<bool>(type: "boolean", nullable: false),
                    LaborStationOrgId = table.Column<long>(type: "bigint", nullable: true),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Employments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Employments_Organizations_EastOrgId",
                        column: x => x.EastOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Employments_Organizations_EmployerOrgId",
                        column: x => x.EmployerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Employments_Organizations_LaborStationOrgId",
                        column: x => x.LaborStationOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Employments_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Employments_Organizations_WestOrgId",
                        column: x => x.WestOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Employments_Persons_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Sales",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProductId = table.Column<long>(type: "bigint", nullable: true),
                    WestOrgId = table.Column<long>(type: "bigint", nullable: false),
                    EastOrgId = table.Column<long>(type: "bigint", nullable: true),
                    BuyerName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    VoucherNo = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CountsForEast = table.Column<bool>(type: "boolean", nullable: false),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sales", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Sales_Organizations_EastOrgId",
                        column: x => x.EastOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Sales_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Sales_Organizations_WestOrgId",
                        column: x => x.WestOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Sales_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "Needs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Area = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    WestOrgId = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    MatchedProjectId = table.Column<long>(type: "bigint", nullable: true),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Needs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Needs_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Needs_Organizations_WestOrgId",
                        column: x => x.WestOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Needs_Projects_MatchedProjectId",
                        column: x => x.MatchedProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "ProjectFunds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProjectId = table.Column<long>(type: "bigint", nullable: false),
                    Source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Stage = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProjectFunds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProjectFunds_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProjectOutcomes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProjectId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Unit = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Baseline = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    Target = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    Actual = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    Year = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProjectOutcomes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProjectOutcomes_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TalentAssignments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PersonId = table.Column<long>(type: "bigint", nullable: false),
                    Category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Direction = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    EastOrgId = table.Column<long>(type: "bigint", nullable: true),
                    WestOrgId = table.Column<long>(type: "bigint", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Post = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TalentAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TalentAssignments_Organizations_EastOrgId",
                        column: x => x.EastOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_TalentAssignments_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TalentAssignments_Organizations_WestOrgId",
                        column: x => x.WestOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TalentAssignments_TalentPersons_PersonId",
                        column: x => x.PersonId,
                        principalTable: "TalentPersons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AgreementTargets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AgreementId = table.Column<long>(type: "bigint", nullable: false),
                    IndicatorCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Target = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgreementTargets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgreementTargets_Agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "Agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Findings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EvaluationRoundId = table.Column<long>(type: "bigint", nullable: true),
                    InspectionId = table.Column<long>(type: "bigint", nullable: true),
                    Area = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    ConcernsOrgId = table.Column<long>(type: "bigint", nullable: false),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Findings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Findings_EvaluationRounds_EvaluationRoundId",
                        column: x => x.EvaluationRoundId,
                        principalTable: "EvaluationRounds",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Findings_Inspections_InspectionId",
                        column: x => x.InspectionId,
                        principalTable: "Inspections",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Findings_Organizations_ConcernsOrgId",
                        column: x => x.ConcernsOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Findings_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Offers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Area = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    EastOrgId = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    MatchedNeedId = table.Column<long>(type: "bigint", nullable: true),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Offers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Offers_Needs_MatchedNeedId",
                        column: x => x.MatchedNeedId,
                        principalTable: "Needs",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Offers_Organizations_EastOrgId",
                        column: x => x.EastOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Offers_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RectificationTasks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FindingId = table.Column<long>(type: "bigint", nullable: false),
                    Measure = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CompletedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Evidence = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    OwnerOrgId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RectificationTasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RectificationTasks_Findings_FindingId",
                        column: x => x.FindingId,
                        principalTable: "Findings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RectificationTasks_Organizations_OwnerOrgId",
                        column: x => x.OwnerOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Agreements_OwnerOrgId",
                table: "Agreements",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Agreements_PairingId_Year",
                table: "Agreements",
                columns: new[] { "PairingId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AgreementTargets_AgreementId_IndicatorCode",
                table: "AgreementTargets",
                columns: new[] { "AgreementId", "IndicatorCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseStories_OwnerOrgId",
                table: "CaseStories",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseStories_SubjectOrgId",
                table: "CaseStories",
                column: "SubjectOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_ChecklistItems_ChecklistId_Number",
                table: "ChecklistItems",
                columns: new[] { "ChecklistId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Checklists_Code",
                table: "Checklists",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Donations_EastOrgId",
                table: "Donations",
                column: "EastOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Donations_OwnerOrgId",
                table: "Donations",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Donations_WestOrgId",
                table: "Donations",
                column: "WestOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Employments_EastOrgId",
                table: "Employments",
                column: "EastOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Employments_EmployerOrgId",
                table: "Employments",
                column: "EmployerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Employments_LaborStationOrgId",
                table: "Employments",
                column: "LaborStationOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Employments_OwnerOrgId",
                table: "Employments",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Employments_PersonId_StartDate",
                table: "Employments",
                columns: new[] { "PersonId", "StartDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Employments_StartDate",
                table: "Employments",
                column: "StartDate");

            migrationBuilder.CreateIndex(
                name: "IX_Employments_WestOrgId",
                table: "Employments",
                column: "WestOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationRounds_OwnerOrgId",
                table: "EvaluationRounds",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationRounds_PairingId_Year_Level",
                table: "EvaluationRounds",
                columns: new[] { "PairingId", "Year", "Level" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Findings_ConcernsOrgId",
                table: "Findings",
                column: "ConcernsOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Findings_EvaluationRoundId",
                table: "Findings",
                column: "EvaluationRoundId");

            migrationBuilder.CreateIndex(
                name: "IX_Findings_InspectionId",
                table: "Findings",
                column: "InspectionId");

            migrationBuilder.CreateIndex(
                name: "IX_Findings_OwnerOrgId",
                table: "Findings",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_GuidedInvestments_EastOrgId",
                table: "GuidedInvestments",
                column: "EastOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_GuidedInvestments_OwnerOrgId",
                table: "GuidedInvestments",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_GuidedInvestments_ParkOrgId",
                table: "GuidedInvestments",
                column: "ParkOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_GuidedInvestments_WestOrgId",
                table: "GuidedInvestments",
                column: "WestOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Honors_OwnerOrgId",
                table: "Honors",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Honors_RecipientOrgId",
                table: "Honors",
                column: "RecipientOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_ImportBatchs_Ledger_Sha256",
                table: "ImportBatchs",
                columns: new[] { "Ledger", "Sha256" });

            migrationBuilder.CreateIndex(
                name: "IX_ImportBatchs_OwnerOrgId",
                table: "ImportBatchs",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_ImportChanges_BatchId",
                table: "ImportChanges",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_ImportChanges_EntityType_EntityId",
                table: "ImportChanges",
                columns: new[] { "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_InspectionResults_ChecklistItemId",
                table: "InspectionResults",
                column: "ChecklistItemId");

            migrationBuilder.CreateIndex(
                name: "IX_InspectionResults_InspectionId",
                table: "InspectionResults",
                column: "InspectionId");

            migrationBuilder.CreateIndex(
                name: "IX_Inspections_ChecklistId",
                table: "Inspections",
                column: "ChecklistId");

            migrationBuilder.CreateIndex(
                name: "IX_Inspections_OwnerOrgId",
                table: "Inspections",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Inspections_SiteOrgId",
                table: "Inspections",
                column: "SiteOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_InvestmentInflows_InvestmentId",
                table: "InvestmentInflows",
                column: "InvestmentId");

            migrationBuilder.CreateIndex(
                name: "IX_Needs_MatchedProjectId",
                table: "Needs",
                column: "MatchedProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Needs_OwnerOrgId",
                table: "Needs",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Needs_WestOrgId",
                table: "Needs",
                column: "WestOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Offers_EastOrgId",
                table: "Offers",
                column: "EastOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Offers_MatchedNeedId",
                table: "Offers",
                column: "MatchedNeedId");

            migrationBuilder.CreateIndex(
                name: "IX_Offers_OwnerOrgId",
                table: "Offers",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_CoBuiltByOrgId",
                table: "Organizations",
                column: "CoBuiltByOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_Code",
                table: "Organizations",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_Name",
                table: "Organizations",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_ParentId",
                table: "Organizations",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_Path",
                table: "Organizations",
                column: "Path");

            migrationBuilder.CreateIndex(
                name: "IX_Pairings_EastOrgId",
                table: "Pairings",
                column: "EastOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Pairings_Kind_EastOrgId_WestOrgId_StartDate",
                table: "Pairings",
                columns: new[] { "Kind", "EastOrgId", "WestOrgId", "StartDate" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Pairings_OwnerOrgId",
                table: "Pairings",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Pairings_ParentPairingId",
                table: "Pairings",
                column: "ParentPairingId");

            migrationBuilder.CreateIndex(
                name: "IX_Pairings_WestOrgId",
                table: "Pairings",
                column: "WestOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Persons_HomeOrgId",
                table: "Persons",
                column: "HomeOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Persons_IdHash",
                table: "Persons",
                column: "IdHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Persons_OwnerOrgId",
                table: "Persons",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Products_Code",
                table: "Products",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Products_OwnerOrgId",
                table: "Products",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Products_ProducerOrgId",
                table: "Products",
                column: "ProducerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_ProjectFunds_ProjectId_Source_Stage_Date",
                table: "ProjectFunds",
                columns: new[] { "ProjectId", "Source", "Stage", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_ProjectOutcomes_ProjectId",
                table: "ProjectOutcomes",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Projects_BeneficiaryOrgId",
                table: "Projects",
                column: "BeneficiaryOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Projects_Code",
                table: "Projects",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Projects_EastOrgId",
                table: "Projects",
                column: "EastOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Projects_OwnerOrgId",
                table: "Projects",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Projects_WestOrgId",
                table: "Projects",
                column: "WestOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_RectificationTasks_FindingId",
                table: "RectificationTasks",
                column: "FindingId");

            migrationBuilder.CreateIndex(
                name: "IX_RectificationTasks_OwnerOrgId",
                table: "RectificationTasks",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Date",
                table: "Sales",
                column: "Date");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_EastOrgId",
                table: "Sales",
                column: "EastOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_OwnerOrgId",
                table: "Sales",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_ProductId",
                table: "Sales",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_WestOrgId_VoucherNo",
                table: "Sales",
                columns: new[] { "WestOrgId", "VoucherNo" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TalentAssignments_EastOrgId",
                table: "TalentAssignments",
                column: "EastOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_TalentAssignments_OwnerOrgId",
                table: "TalentAssignments",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_TalentAssignments_PersonId_StartDate",
                table: "TalentAssignments",
                columns: new[] { "PersonId", "StartDate" });

            migrationBuilder.CreateIndex(
                name: "IX_TalentAssignments_WestOrgId",
                table: "TalentAssignments",
                column: "WestOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_TalentPersons_IdHash",
                table: "TalentPersons",
                column: "IdHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TalentPersons_OwnerOrgId",
                table: "TalentPersons",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingSessions_EastOrgId",
                table: "TrainingSessions",
                column: "EastOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingSessions_OwnerOrgId",
                table: "TrainingSessions",
                column: "OwnerOrgId");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingSessions_StartDate",
                table: "TrainingSessions",
                column: "StartDate");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingSessions_WestOrgId",
                table: "TrainingSessions",
                column: "WestOrgId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AgreementTargets");

            migrationBuilder.DropTable(
                name: "CaseStories");

            migrationBuilder.DropTable(
                name: "Donations");

            migrationBuilder.DropTable(
                name: "Employments");

            migrationBuilder.DropTable(
                name: "Honors");

            migrationBuilder.DropTable(
                name: "ImportChanges");

            migrationBuilder.DropTable(
                name: "InspectionResults");

            migrationBuilder.DropTable(
                name: "InvestmentInflows");

            migrationBuilder.DropTable(
                name: "Offers");

            migrationBuilder.DropTable(
                name: "ProjectFunds");

            migrationBuilder.DropTable(
                name: "ProjectOutcomes");

            migrationBuilder.DropTable(
                name: "RectificationTasks");

            migrationBuilder.DropTable(
                name: "Sales");

            migrationBuilder.DropTable(
                name: "TalentAssignments");

            migrationBuilder.DropTable(
                name: "TrainingSessions");

            migrationBuilder.DropTable(
                name: "Agreements");

            migrationBuilder.DropTable(
                name: "Persons");

            migrationBuilder.DropTable(
                name: "ImportBatchs");

            migrationBuilder.DropTable(
                name: "ChecklistItems");

            migrationBuilder.DropTable(
                name: "GuidedInvestments");

            migrationBuilder.DropTable(
                name: "Needs");

            migrationBuilder.DropTable(
                name: "Findings");

            migrationBuilder.DropTable(
                name: "Products");

            migrationBuilder.DropTable(
                name: "TalentPersons");

            migrationBuilder.DropTable(
                name: "Projects");

            migrationBuilder.DropTable(
                name: "EvaluationRounds");

            migrationBuilder.DropTable(
                name: "Inspections");

            migrationBuilder.DropTable(
                name: "Pairings");

            migrationBuilder.DropTable(
                name: "Checklists");

            migrationBuilder.DropTable(
                name: "Organizations");
        }
    }
}
