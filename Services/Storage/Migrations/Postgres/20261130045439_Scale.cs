using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoPBot.Services.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Scale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Memberships_NetworkId_LeftAt_PersonId_Visibility",
                table: "Memberships");

            migrationBuilder.AddColumn<string>(
                name: "RosterDepartment",
                table: "Memberships",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RosterName",
                table: "Memberships",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RosterOrganization",
                table: "Memberships",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RosterOrganizationId",
                table: "Memberships",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RosterShownTo",
                table: "Memberships",
                type: "integer",
                nullable: true);

            // The roster's copy of each member (RosterColumns), filled now and kept by the database from here on.
            migrationBuilder.Sql("""
                UPDATE "Memberships" m SET "RosterShownTo" = COALESCE(m."Visibility", p."Settings_Visibility"), "RosterOrganizationId" = p."OrganizationId",
                    "RosterOrganization" = o."Name", "RosterDepartment" = COALESCE(p."Department", 'Other departments'), "RosterName" = p."DisplayName"
                FROM "People" p JOIN "Organizations" o ON o."Id" = p."OrganizationId" WHERE p."Id" = m."PersonId";
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION "Memberships_Roster"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    SELECT COALESCE(NEW."Visibility", p."Settings_Visibility"), p."OrganizationId", o."Name", COALESCE(p."Department", 'Other departments'), p."DisplayName"
                    INTO NEW."RosterShownTo", NEW."RosterOrganizationId", NEW."RosterOrganization", NEW."RosterDepartment", NEW."RosterName"
                    FROM "People" p JOIN "Organizations" o ON o."Id" = p."OrganizationId" WHERE p."Id" = NEW."PersonId";
                    RETURN NEW;
                END $$;
                CREATE TRIGGER "Memberships_Roster" BEFORE INSERT OR UPDATE OF "Visibility", "PersonId" ON "Memberships"
                    FOR EACH ROW EXECUTE FUNCTION "Memberships_Roster"();
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION "People_Roster"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE "Memberships" SET "RosterShownTo" = COALESCE("Visibility", NEW."Settings_Visibility"), "RosterOrganizationId" = NEW."OrganizationId",
                        "RosterOrganization" = (SELECT o."Name" FROM "Organizations" o WHERE o."Id" = NEW."OrganizationId"),
                        "RosterDepartment" = COALESCE(NEW."Department", 'Other departments'), "RosterName" = NEW."DisplayName"
                    WHERE "PersonId" = NEW."Id";
                    RETURN NULL;
                END $$;
                CREATE TRIGGER "People_Roster" AFTER UPDATE OF "DisplayName", "Department", "OrganizationId", "Settings_Visibility" ON "People"
                    FOR EACH ROW EXECUTE FUNCTION "People_Roster"();
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION "Organizations_Roster"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE "Memberships" SET "RosterOrganization" = NEW."Name" WHERE "PersonId" IN (SELECT p."Id" FROM "People" p WHERE p."OrganizationId" = NEW."Id");
                    RETURN NULL;
                END $$;
                CREATE TRIGGER "Organizations_Roster" AFTER UPDATE OF "Name" ON "Organizations"
                    FOR EACH ROW EXECUTE FUNCTION "Organizations_Roster"();
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_Roster",
                table: "Memberships",
                columns: new[] { "NetworkId", "RosterOrganization", "RosterDepartment", "RosterName", "RosterShownTo", "RosterOrganizationId", "PersonId" },
                filter: "\"LeftAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_RosterCounts",
                table: "Memberships",
                columns: new[] { "NetworkId", "RosterShownTo", "RosterOrganizationId", "PersonId", "LeftAt" },
                filter: "\"LeftAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "Memberships_Roster" ON "Memberships";
                DROP TRIGGER IF EXISTS "People_Roster" ON "People";
                DROP TRIGGER IF EXISTS "Organizations_Roster" ON "Organizations";
                DROP FUNCTION IF EXISTS "Memberships_Roster"();
                DROP FUNCTION IF EXISTS "People_Roster"();
                DROP FUNCTION IF EXISTS "Organizations_Roster"();
                """);

            migrationBuilder.DropIndex(
                name: "IX_Memberships_Roster",
                table: "Memberships");

            migrationBuilder.DropIndex(
                name: "IX_Memberships_RosterCounts",
                table: "Memberships");

            migrationBuilder.DropColumn(
                name: "RosterDepartment",
                table: "Memberships");

            migrationBuilder.DropColumn(
                name: "RosterName",
                table: "Memberships");

            migrationBuilder.DropColumn(
                name: "RosterOrganization",
                table: "Memberships");

            migrationBuilder.DropColumn(
                name: "RosterOrganizationId",
                table: "Memberships");

            migrationBuilder.DropColumn(
                name: "RosterShownTo",
                table: "Memberships");

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_NetworkId_LeftAt_PersonId_Visibility",
                table: "Memberships",
                columns: new[] { "NetworkId", "LeftAt", "PersonId", "Visibility" });
        }
    }
}
