using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoPBot.Services.Storage.Migrations.Postgres
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
                    NetworkId = table.Column<Guid>(type: "uuid", nullable: false),
                    ShownTo = table.Column<int>(type: "integer", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Members = table.Column<int>(type: "integer", nullable: false)
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
                CREATE FUNCTION "Memberships_RosterCount"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' THEN
                        IF OLD."LeftAt" IS NULL THEN
                            UPDATE "RosterCounts" SET "Members" = "Members" - 1
                            WHERE "NetworkId" = OLD."NetworkId" AND "ShownTo" = OLD."RosterShownTo" AND "OrganizationId" = OLD."RosterOrganizationId";
                        END IF;
                    END IF;
                    IF TG_OP <> 'DELETE' THEN
                        IF NEW."LeftAt" IS NULL AND NEW."RosterShownTo" IS NOT NULL AND NEW."RosterOrganizationId" IS NOT NULL THEN
                            INSERT INTO "RosterCounts" ("NetworkId", "ShownTo", "OrganizationId", "Members") VALUES (NEW."NetworkId", NEW."RosterShownTo", NEW."RosterOrganizationId", 1)
                            ON CONFLICT ("NetworkId", "ShownTo", "OrganizationId") DO UPDATE SET "Members" = "RosterCounts"."Members" + 1;
                        END IF;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER "Memberships_RosterCount" AFTER INSERT OR DELETE ON "Memberships"
                    FOR EACH ROW EXECUTE FUNCTION "Memberships_RosterCount"();
                CREATE TRIGGER "Memberships_RosterCount_Update" AFTER UPDATE ON "Memberships"
                    FOR EACH ROW WHEN (OLD."NetworkId" IS DISTINCT FROM NEW."NetworkId" OR (OLD."LeftAt" IS NULL) IS DISTINCT FROM (NEW."LeftAt" IS NULL)
                        OR OLD."RosterShownTo" IS DISTINCT FROM NEW."RosterShownTo" OR OLD."RosterOrganizationId" IS DISTINCT FROM NEW."RosterOrganizationId")
                    EXECUTE FUNCTION "Memberships_RosterCount"();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "Memberships_RosterCount" ON "Memberships";
                DROP TRIGGER IF EXISTS "Memberships_RosterCount_Update" ON "Memberships";
                DROP FUNCTION IF EXISTS "Memberships_RosterCount"();
                """);

            migrationBuilder.DropTable(
                name: "RosterCounts");
        }
    }
}
