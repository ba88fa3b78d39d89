using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RelayNovel.Tests.Ops;

/// <summary>The repository's Dockerfile and docker-compose.yml, read as a container engine would see them.</summary>
public static class DeploymentFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Dockerfile => File.ReadAllText(Path.Combine(RepositoryRoot, "Dockerfile"));

    /// <summary>docker-compose.yml's top-level mapping.</summary>
    public static YamlMappingNode Compose()
    {
        using var reader = new StreamReader(Path.Combine(RepositoryRoot, "docker-compose.yml"));
        var yaml = new YamlStream();
        yaml.Load(new MergingParser(new Parser(reader)));   // resolves the shared "<<: *relaynovel" block
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    public static YamlMappingNode Map(this YamlNode node, string key) =>
        (node as YamlMappingNode)?.Children.TryGetValue(new YamlScalarNode(key), out var child) == true && child is YamlMappingNode map
            ? map
            : throw new Xunit.Sdk.XunitException($"No mapping '{key}' at {node.Start}.");

    public static IReadOnlyList<string> Strings(this YamlNode node, string key) =>
        (node as YamlMappingNode)?.Children.TryGetValue(new YamlScalarNode(key), out var child) == true
            ? child switch
            {
                YamlSequenceNode seq => [.. seq.Children.Select(c => ((YamlScalarNode)c).Value ?? "")],
                YamlScalarNode scalar => [scalar.Value ?? ""],
                _ => throw new Xunit.Sdk.XunitException($"'{key}' at {node.Start} is neither a list nor a value."),
            }
            : [];

    public static string? Scalar(this YamlNode node, string key) =>
        (node as YamlMappingNode)?.Children.TryGetValue(new YamlScalarNode(key), out var child) == true ? (child as YamlScalarNode)?.Value : null;

    /// <summary>The Dockerfile's instructions, continuation lines joined, comments dropped.</summary>
    public static IReadOnlyList<(string Instruction, string Arguments)> DockerInstructions()
    {
        var joined = Dockerfile.Replace("\\\r\n", " ", StringComparison.Ordinal).Replace("\\\n", " ", StringComparison.Ordinal);
        return [.. joined.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2) is [var op, var rest] ? (op.ToUpperInvariant(), rest.Trim()) : (l.ToUpperInvariant(), ""))];
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RelayNovel.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("RelayNovel.sln not found above " + AppContext.BaseDirectory);
    }
}
