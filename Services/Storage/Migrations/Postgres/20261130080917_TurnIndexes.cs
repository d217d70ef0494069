using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoPBot.Services.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TurnIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Outbox_PersonId",
                table: "Outbox");

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_PersonId_Status_Kind",
                table: "Outbox",
                columns: new[] { "PersonId", "Status", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_SessionId_Answer",
                table: "Invitations",
                columns: new[] { "SessionId", "Answer" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Outbox_PersonId_Status_Kind",
                table: "Outbox");

            migrationBuilder.DropIndex(
                name: "IX_Invitations_SessionId_Answer",
                table: "Invitations");

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_PersonId",
                table: "Outbox",
                column: "PersonId");
        }
    }
}
