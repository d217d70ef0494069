using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoPBot.Services.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RosterCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RosterCounts",
                columns: table => new
                {
                    NetworkId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ShownTo = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Members = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RosterCounts", x => new { x.NetworkId, x.ShownTo, x.OrganizationId });
                    table.ForeignKey(
                        name: "FK_RosterCounts_Networks_NetworkId",
                        column: x => x.NetworkId,
                        principalTable: "Networks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Counts of active members per roster key (RosterCount): filled now, kept by the database from here on.
            // Every membership write that moves a member in or out of a key (joining, leaving, rejoining, an override,
            // and the roster triggers' own updates when a person changes) passes here, in the same statement.
            migrationBuilder.Sql("""
                INSERT INTO "RosterCounts" ("NetworkId", "ShownTo", "OrganizationId", "Members")
                SELECT "NetworkId", "RosterShownTo", "RosterOrganizationId", COUNT(*) FROM "Memberships"
                WHERE "LeftAt" IS NULL AND "RosterShownTo" IS NOT NULL AND "RosterOrganizationId" IS NOT NULL
                GROUP BY "NetworkId", "RosterShownTo", "RosterOrganizationId";
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Memberships_RosterCount" AFTER INSERT ON "Memberships"
                WHEN NEW."LeftAt" IS NULL AND NEW."RosterShownTo" IS NOT NULL AND NEW."RosterOrganizationId" IS NOT NULL BEGIN
                    INSERT INTO "RosterCounts" ("NetworkId", "ShownTo", "OrganizationId", "Members") VALUES (NEW."NetworkId", NEW."RosterShownTo", NEW."RosterOrganizationId", 1)
                    ON CONFLICT ("NetworkId", "ShownTo", "OrganizationId") DO UPDATE SET "Members" = "Members" + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Memberships_RosterCount_Update" AFTER UPDATE OF "NetworkId", "LeftAt", "RosterShownTo", "RosterOrganizationId" ON "Memberships"
                WHEN OLD."NetworkId" IS NOT NEW."NetworkId" OR (OLD."LeftAt" IS NULL) IS NOT (NEW."LeftAt" IS NULL)
                    OR OLD."RosterShownTo" IS NOT NEW."RosterShownTo" OR OLD."RosterOrganizationId" IS NOT NEW."RosterOrganizationId" BEGIN
                    UPDATE "RosterCounts" SET "Members" = "Members" - 1
                    WHERE OLD."LeftAt" IS NULL AND "NetworkId" = OLD."NetworkId" AND "ShownTo" = OLD."RosterShownTo" AND "OrganizationId" = OLD."RosterOrganizationId";
                    INSERT INTO "RosterCounts" ("NetworkId", "ShownTo", "OrganizationId", "Members")
                    SELECT NEW."NetworkId", NEW."RosterShownTo", NEW."RosterOrganizationId", 1
                    WHERE NEW."LeftAt" IS NULL AND NEW."RosterShownTo" IS NOT NULL AND NEW."RosterOrganizationId" IS NOT NULL
                    ON CONFLICT ("NetworkId", "ShownTo", "OrganizationId") DO UPDATE SET "Members" = "Members" + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Memberships_RosterCount_Delete" AFTER DELETE ON "Memberships" WHEN OLD."LeftAt" IS NULL BEGIN
                    UPDATE "RosterCounts" SET "Members" = "Members" - 1
                    WHERE "NetworkId" = OLD."NetworkId" AND "ShownTo" = OLD."RosterShownTo" AND "OrganizationId" = OLD."RosterOrganizationId";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Memberships_RosterCount";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Memberships_RosterCount_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Memberships_RosterCount_Delete";""");

            migrationBuilder.DropTable(
                name: "RosterCounts");
        }
    }
}
