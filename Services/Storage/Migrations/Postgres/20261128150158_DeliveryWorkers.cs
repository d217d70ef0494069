using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoPBot.Services.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DeliveryWorkers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "SendingSince",
                table: "Outbox",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SentBy",
                table: "Outbox",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DeliveryWorkers",
                columns: table => new
                {
                    Owner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Channels = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    HeartbeatAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeliveryWorkers", x => x.Owner);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_AddressConversationId",
                table: "Outbox",
                column: "AddressConversationId");

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_LeaseOwner",
                table: "Outbox",
                column: "LeaseOwner");

            migrationBuilder.CreateIndex(
                name: "IX_DeliveryWorkers_HeartbeatAt",
                table: "DeliveryWorkers",
                column: "HeartbeatAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DeliveryWorkers");

            migrationBuilder.DropIndex(
                name: "IX_Outbox_AddressConversationId",
                table: "Outbox");

            migrationBuilder.DropIndex(
                name: "IX_Outbox_LeaseOwner",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "SendingSince",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "SentBy",
                table: "Outbox");
        }
    }
}
