using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

namespace CoPBot.Testing;

/// <summary>
/// Runs a [Theory] once per storage provider, passing its name ("sqlite", "postgresql") to a string parameter;
/// the test then calls <see cref="StorageProvider.Create"/>. An attribute rather than MemberData across assemblies,
/// which crashes the xunit analyzer in this setup.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class StorageProvidersAttribute : DataAttribute
{
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker) =>
        new([new TheoryDataRow<string>(StorageProvider.SqliteName), new TheoryDataRow<string>(StorageProvider.PostgresName)]);

    public override bool SupportsDiscoveryEnumeration() => true;
}
