using RelayNovel.Tests.Checkpoints;
using RelayNovel.Inference.Checkpoints;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Browser;

/// <summary>
/// The real app on a real Kestrel port (browsers can't reach the in-memory test server), with a temp LiteDB
/// file and a tiny random-weight model. Started lazily: a skipped browser test starts nothing.
/// </summary>
public sealed class BrowserServerFixture : IDisposable
{
    private readonly TempDirectory _models = new();
    private readonly Lazy<(RelayNovelAppFactory App, string BaseUrl)> _server;

    public BrowserServerFixture() => _server = new(Start);

    public string BaseUrl => _server.Value.BaseUrl;

    /// <summary>The app behind <see cref="BaseUrl"/> (its room service and broadcaster, for measurements).</summary>
    public RelayNovelAppFactory App => _server.Value.App;

    private (RelayNovelAppFactory, string) Start()
    {
        var modelDir = Path.Combine(_models.Path, "tiny");
        // A tiny GPT-2 shape keeps generation quick on two cores; random weights, but a real model all the same.
        RandomModel.Write(modelDir, Gpt2Presets.Small with { NLayer = 2, NEmbd = 64, NHead = 2, NPositions = 256 }, seed: 7);
        var app = RelayNovelAppFactory.WithModel(modelDir);
        var address = app.StartKestrel();
        return (app, address.GetLeftPart(UriPartial.Authority).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (_server.IsValueCreated)
        {
            _server.Value.App.Dispose();
        }
        _models.Dispose();
    }
}
