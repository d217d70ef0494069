using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoPBot.Services.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RosterIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Memberships_NetworkId_LeftAt_PersonId_Visibility",
                table: "Memberships",
                columns: new[] { "NetworkId", "LeftAt", "PersonId", "Visibility" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Memberships_NetworkId_LeftAt_PersonId_Visibility",
                table: "Memberships");
        }
    }
}
