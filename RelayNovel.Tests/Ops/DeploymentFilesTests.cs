using System.Net;
using YamlDotNet.RepresentationModel;

namespace RelayNovel.Tests.Ops;

/// <summary>
/// No container engine runs here, so the container files are checked as data: what `docker compose up` would start,
/// and that the Dockerfile builds from files that exist, runs as non-root and probes a health route the app serves.
/// </summary>
public sealed class DeploymentFilesTests
{
    [Fact]
    public void Compose_DefaultService_ServesPort8080WithPersistentDataEmbeddedModelAndHealthCheck()
    {
        var compose = DeploymentFiles.Compose();
        var app = compose.Map("services").Map("relaynovel");

        Assert.Empty(app.Strings("profiles"));   // starts with a plain `docker compose up`
        Assert.Equal(["${RELAYNOVEL_BIND:-127.0.0.1}:8080:8080"], app.Strings("ports"));   // loopback unless the operator says otherwise
        var volumes = app.Strings("volumes");
        var data = Assert.Single(volumes, v => v.EndsWith(":/data", StringComparison.Ordinal));
        Assert.True(compose.Map("volumes").Children.ContainsKey(new YamlScalarNode(data.Split(':')[0])), $"{data} is not a named (persistent) volume");
        Assert.Contains(volumes, v => v.EndsWith(":/models/user:ro", StringComparison.Ordinal));
        Assert.Equal("${RELAYNOVEL_MODEL:-/models/default}", app.Map("environment").Scalar("RelayNovel__ModelPath"));
        Assert.Equal("/data/relaynovel.db", app.Map("environment").Scalar("RelayNovel__DataPath"));
        Assert.Contains("http://127.0.0.1:8080/health", app.Map("healthcheck").Strings("test"));
        Assert.Equal("runtime", app.Map("build").Scalar("target"));
    }

    [Fact]
    public void Compose_GpuProfile_ReservesAnNvidiaDeviceAndBuildsTheCudaImage()
    {
        var compose = DeploymentFiles.Compose();
        var gpu = compose.Map("services").Map("relaynovel-gpu");

        Assert.Equal(["gpu"], gpu.Strings("profiles"));
        Assert.Equal("true", gpu.Map("build").Map("args").Scalar("ORT_GPU"));
        Assert.Equal("runtime-gpu", gpu.Map("build").Scalar("target"));
        var devices = (YamlSequenceNode)gpu.Map("deploy").Map("resources").Map("reservations").Children[new YamlScalarNode("devices")];
        var device = (YamlMappingNode)Assert.Single(devices.Children);
        Assert.Equal("nvidia", device.Scalar("driver"));
        Assert.Contains("gpu", device.Strings("capabilities"));
        Assert.Contains("relaynovel-data:/data", gpu.Strings("volumes"));   // the same stories as the CPU service
        Assert.Equal(["${RELAYNOVEL_BIND:-127.0.0.1}:8080:8080"], gpu.Strings("ports"));
        Assert.Contains("http://127.0.0.1:8080/health", gpu.Map("healthcheck").Strings("test"));
    }

    [Fact]
    public void Dockerfile_EveryRuntimeStage_IsNonRootWithVolumesAndAHealthCheckOnHealth()
    {
        var instructions = DeploymentFiles.DockerInstructions();
        var stages = Stages(instructions);

        Assert.True(stages.Count >= 2, "a multi-stage build");
        Assert.Equal("runtime", stages[^1].Name);   // `docker build .` gives the CPU image
        foreach (var stage in stages.Where(s => s.Name.StartsWith("runtime", StringComparison.Ordinal)))
        {
            var user = stage.Body.Last(i => i.Instruction == "USER").Arguments;
            Assert.DoesNotContain(user, new[] { "root", "0", "0:0" });
            Assert.Contains(stage.Body, i => i.Instruction == "VOLUME" && i.Arguments.Contains("\"/data\"", StringComparison.Ordinal) && i.Arguments.Contains("\"/models/user\"", StringComparison.Ordinal));
            Assert.Contains(stage.Body, i => i.Instruction == "HEALTHCHECK" && i.Arguments.Contains("http://127.0.0.1:8080/health", StringComparison.Ordinal));
            Assert.Contains(stage.Body, i => i.Instruction == "COPY" && i.Arguments == "--from=build /app ./");
            Assert.Contains(stage.Body, i => i.Instruction == "COPY" && i.Arguments == "onnx/ /models/default/");
        }
        var build = stages.Single(s => s.Name == "build");
        Assert.Contains(build.Body, i => i.Instruction == "RUN" && i.Arguments.Contains("-p:OnnxRuntimeGpu=${ORT_GPU}", StringComparison.Ordinal) && i.Arguments.StartsWith("dotnet publish", StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerfile_CopiedSources_ExistAndAreNotDockerIgnored()
    {
        var root = DeploymentFiles.RepositoryRoot;
        var ignored = File.ReadAllLines(Path.Combine(root, ".dockerignore")).Select(l => l.Trim().TrimEnd('/')).Where(l => l.Length > 0).ToHashSet();
        var sources = DeploymentFiles.DockerInstructions()
            .Where(i => i.Instruction == "COPY" && !i.Arguments.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            .ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.True(File.Exists(Path.Combine(root, s)) || Directory.Exists(Path.Combine(root, s)), $"COPY {s}: not in the repository"));
        Assert.All(sources, s => Assert.DoesNotContain(s.TrimEnd('/').Split('/')[0], ignored));
        Assert.Contains("**/bin", ignored);
        Assert.Contains("**/obj", ignored);
        Assert.True(File.Exists(Path.Combine(root, "onnx", "model.onnx")), "the embedded model the image bakes in");
    }

    [Fact]
    public async Task HealthCheckRoute_TheContainersProbe_AnswersSuccessEvenWithoutAModel()
    {
        // curl -f fails on 4xx/5xx: a container without a model is degraded, not dead, and must stay up.
        await using var app = OpsApp.Start();

        var response = await app.Client.GetAsync(new Uri(DeploymentFiles.Compose().Map("services").Map("relaynovel").Map("healthcheck").Strings("test")[^1]).AbsolutePath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static List<(string Name, List<(string Instruction, string Arguments)> Body)> Stages(IReadOnlyList<(string Instruction, string Arguments)> instructions)
    {
        var stages = new List<(string, List<(string, string)>)>();
        foreach (var instruction in instructions)
        {
            if (instruction.Instruction == "FROM")
            {
                var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                stages.Add((parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : "", []));
            }
            else if (stages.Count > 0)
            {
                stages[^1].Item2.Add(instruction);
            }
        }
        return stages;
    }
}
