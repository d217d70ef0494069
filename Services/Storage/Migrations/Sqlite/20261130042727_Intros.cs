using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoPBot.Services.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Intros : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HelpTopics",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Words = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HelpTopics", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HelpTopics_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IntroductionRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Line = table.Column<string>(type: "TEXT", maxLength: 140, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PairedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntroductionRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IntroductionRequests_People_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_IntroductionRequests_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IntroductionRequests_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HelpTopics_PersonId",
                table: "HelpTopics",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_IntroductionRequests_Outcome_SessionId",
                table: "IntroductionRequests",
                columns: new[] { "Outcome", "SessionId" });

            migrationBuilder.CreateIndex(
                name: "IX_IntroductionRequests_PartnerId",
                table: "IntroductionRequests",
                column: "PartnerId");

            migrationBuilder.CreateIndex(
                name: "IX_IntroductionRequests_PersonId",
                table: "IntroductionRequests",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_IntroductionRequests_SessionId_PersonId",
                table: "IntroductionRequests",
                columns: new[] { "SessionId", "PersonId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HelpTopics");

            migrationBuilder.DropTable(
                name: "IntroductionRequests");
        }
    }
}
