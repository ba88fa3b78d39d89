using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Inference.Checkpoints;

namespace RelayNovel.Tests.Browser;

/// <summary>
/// The real app on a real Kestrel port (browsers can't reach the in-memory test server), with a LiteDB file
/// and a tiny random-weight model in a temp folder. Started lazily: a skipped browser test starts nothing.
/// (Keyed on App, not Program: the CLI referenced by the tests has a Program too.)
/// </summary>
public sealed class BrowserServerFixture : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "relaynovel-browser-" + Guid.NewGuid().ToString("N"));
    private readonly Lazy<string> _baseUrl;
    private WebApplicationFactory<RelayNovel.Web.Components.App>? _factory;

    public BrowserServerFixture() => _baseUrl = new Lazy<string>(Start);

    public string BaseUrl => _baseUrl.Value;

    private string Start()
    {
        var modelDir = Path.Combine(_folder, "model");
        // A tiny GPT-2 shape keeps generation quick on two cores; the random weights are a real model all the same.
        RandomModel.Write(modelDir, Gpt2Presets.Small with { NLayer = 2, NEmbd = 64, NHead = 2, NPositions = 256 }, seed: 7);
        _factory = new WebApplicationFactory<RelayNovel.Web.Components.App>().WithWebHostBuilder(web =>
        {
            web.UseSetting("RelayNovel:DataPath", Path.Combine(_folder, "relaynovel.db"));
            web.UseSetting("RelayNovel:ModelPath", modelDir);
            web.UseSetting("RelayNovel:ExecutionProvider", "Cpu");
        });
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        return addresses.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
