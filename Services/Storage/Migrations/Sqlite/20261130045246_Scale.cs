using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoPBot.Services.Storage.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RosterName",
                table: "Memberships",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RosterOrganization",
                table: "Memberships",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RosterOrganizationId",
                table: "Memberships",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RosterShownTo",
                table: "Memberships",
                type: "INTEGER",
                nullable: true);

            // The roster's copy of each member (RosterColumns), filled now and kept by the database from here on.
            migrationBuilder.Sql("""
                UPDATE "Memberships" SET ("RosterShownTo", "RosterOrganizationId", "RosterOrganization", "RosterDepartment", "RosterName") =
                    (SELECT COALESCE("Memberships"."Visibility", p."Settings_Visibility"), p."OrganizationId", o."Name", COALESCE(p."Department", 'Other departments'), p."DisplayName"
                     FROM "People" p JOIN "Organizations" o ON o."Id" = p."OrganizationId" WHERE p."Id" = "Memberships"."PersonId");
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Memberships_Roster" AFTER INSERT ON "Memberships" BEGIN
                    UPDATE "Memberships" SET ("RosterShownTo", "RosterOrganizationId", "RosterOrganization", "RosterDepartment", "RosterName") =
                        (SELECT COALESCE(NEW."Visibility", p."Settings_Visibility"), p."OrganizationId", o."Name", COALESCE(p."Department", 'Other departments'), p."DisplayName"
                         FROM "People" p JOIN "Organizations" o ON o."Id" = p."OrganizationId" WHERE p."Id" = NEW."PersonId")
                    WHERE "Id" = NEW."Id";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Memberships_Roster_Visibility" AFTER UPDATE OF "Visibility", "PersonId" ON "Memberships" BEGIN
                    UPDATE "Memberships" SET "RosterShownTo" = COALESCE(NEW."Visibility", (SELECT p."Settings_Visibility" FROM "People" p WHERE p."Id" = NEW."PersonId"))
                    WHERE "Id" = NEW."Id";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "People_Roster" AFTER UPDATE OF "DisplayName", "Department", "OrganizationId", "Settings_Visibility" ON "People" BEGIN
                    UPDATE "Memberships" SET "RosterShownTo" = COALESCE("Visibility", NEW."Settings_Visibility"), "RosterOrganizationId" = NEW."OrganizationId",
                        "RosterOrganization" = (SELECT o."Name" FROM "Organizations" o WHERE o."Id" = NEW."OrganizationId"),
                        "RosterDepartment" = COALESCE(NEW."Department", 'Other departments'), "RosterName" = NEW."DisplayName"
                    WHERE "PersonId" = NEW."Id";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Organizations_Roster" AFTER UPDATE OF "Name" ON "Organizations" BEGIN
                    UPDATE "Memberships" SET "RosterOrganization" = NEW."Name" WHERE "PersonId" IN (SELECT p."Id" FROM "People" p WHERE p."OrganizationId" = NEW."Id");
                END;
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
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Memberships_Roster";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Memberships_Roster_Visibility";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "People_Roster";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Organizations_Roster";""");

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
