using Meshdock.Load.Smp;
using Meshdock.Load.Yaml;

namespace Meshdock.Load.Tests;

public sealed class SafeYamlTests
{
    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void Nesting_is_allowed_to_64_levels(int depth, bool allowed)
    {
        var yaml = new string('[', depth) + new string(']', depth);

        var error = Record.Exception(() => SafeYaml.Check(yaml));

        Assert.Equal(allowed, error is null);
        Assert.True(allowed || error is YamlLimitException);
    }

    [Fact]
    public void An_alias_counts_the_depth_of_what_it_names_where_it_is_used()
    {
        var deep = new string('[', 40) + new string(']', 40);
        var yaml = $"a: &a {deep}\nb: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*a]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n";

        var error = Assert.Throws<YamlLimitException>(() => SafeYaml.Check(yaml));

        Assert.StartsWith("The YAML is nested more than 64 levels deep once its aliases are expanded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Anchors_and_a_few_aliases_as_real_files_use_them_are_read()
    {
        SafeYaml.Check("defaults: &defaults {a: 1, b: [x, y]}\none: *defaults\ntwo: {<<: *defaults, c: 2}\n");
    }

    [Fact]
    public void An_alias_bomb_is_refused_after_reading_a_few_lines()
    {
        var yaml = "l0: &l0 [x,x,x,x,x,x,x,x,x]\n" + string.Concat(Enumerable.Range(1, 8)
            .Select(i => $"l{i}: &l{i} [{string.Join(",", Enumerable.Repeat($"*l{i - 1}", 9))}]\n"));

        var error = Assert.Throws<YamlLimitException>(() => SafeYaml.Check(yaml));

        Assert.Equal(6, error.Line); // 9^5 nodes: refused at the sixth line, long before 9^9
    }

    [Theory]
    [InlineData("99999999999999h")]
    [InlineData("9999999999999999999999m")]
    [InlineData("256204779h")]
    public void A_duration_past_what_a_TimeSpan_holds_is_not_a_duration(string text)
    {
        Assert.False(SmpFormat.TryParseDuration(text, out _));
    }
}
