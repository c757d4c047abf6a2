using System.Reflection;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.EndToEnd;

/// <summary>Without a kubeconfig the real-cluster suite reports itself skipped with the reason, and touches nothing.</summary>
public sealed class RealClusterSkipTests
{
    [Fact]
    public void Without_a_kubeconfig_every_real_cluster_test_is_skipped_with_what_to_set()
    {
        Assert.StartsWith("MESHDOCK_E2E_KUBECONFIG is not set: point it at the kubeconfig", RealClusterFactAttribute.SkipReason(null));
        Assert.StartsWith("MESHDOCK_E2E_KUBECONFIG is not set", RealClusterFactAttribute.SkipReason("  "));
        Assert.Equal("MESHDOCK_E2E_KUBECONFIG names '/nowhere/config', which is not a file: point it at a kubeconfig.",
            RealClusterFactAttribute.SkipReason("/nowhere/config"));
        using var folder = new TempFolder();
        var kubeconfig = Path.Combine(folder.Path, "config");
        File.WriteAllText(kubeconfig, "apiVersion: v1\nkind: Config\n");
        Assert.Null(RealClusterFactAttribute.SkipReason(kubeconfig));

        // The attribute reads the variable of the process it runs in (`make test` never sets it).
        Assert.Equal(RealClusterFactAttribute.SkipReason(Environment.GetEnvironmentVariable(RealClusterFactAttribute.Variable)),
            new RealClusterFactAttribute().Skip);
    }

    [Fact]
    public void Every_test_of_the_E2E_category_is_a_real_cluster_fact_and_none_of_them_runs_in_make_test()
    {
        var e2e = typeof(RealClusterSkipTests).Assembly.GetTypes()
            .Where(t => t.GetCustomAttributes<TraitAttribute>().Any())
            .Where(t => t.CustomAttributes.Any(a => a.AttributeType == typeof(TraitAttribute)
                && a.ConstructorArguments.Select(c => c.Value as string).SequenceEqual(["Category", "E2E"])))
            .ToList();
        var tests = e2e.SelectMany(t => t.GetMethods()).Where(m => m.GetCustomAttributes<FactAttribute>().Any()).ToList();

        Assert.Contains(e2e, t => t == typeof(RealClusterTests));
        Assert.True(tests.Count >= 5, $"{tests.Count} real-cluster tests");
        Assert.All(tests, m => Assert.IsType<RealClusterFactAttribute>(m.GetCustomAttribute<FactAttribute>()));
    }
}
