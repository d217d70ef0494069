using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoPBot.Services.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Context : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Contexts",
                columns: table => new
                {
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    Channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    TenantId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ConversationId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Sessions = table.Column<string>(type: "character varying(444)", maxLength: 444, nullable: false),
                    Networks = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ShownAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Contexts", x => new { x.PersonId, x.Channel, x.TenantId, x.ConversationId });
                    table.ForeignKey(
                        name: "FK_Contexts_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Contexts_ExpiresAt",
                table: "Contexts",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Contexts");
        }
    }
}
