using RelayNovel.Tests.Checkpoints;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelayNovel.Web.Hosting;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;
using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.LiteDb;

namespace RelayNovel.Tests.Infrastructure;

/// <summary>
/// The real app on a temporary LiteDB file. <see cref="ModelPath"/> picks the model folder (a tiny random model
/// from <see cref="TestModels"/>, or a missing folder to run without AI). Two factories given the same
/// <see cref="TempDirectory"/> one after the other are the same app restarted.
/// Call <see cref="StartKestrel"/> before first use to serve on a real loopback port (browser tests).
/// </summary>
public class RelayNovelAppFactory : WebApplicationFactory<WebAppMarker>
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);
    private readonly bool _ownsData;
    private bool _started;
    private bool _disposingAsync;
    private TimeProvider? _time;

    /// <summary>A fresh app on its own temporary data file, without a model (AI seats are skipped).</summary>
    public RelayNovelAppFactory() : this(new TempDirectory(), ownsData: true, modelPath: null)
    {
    }

    /// <summary>An app on <paramref name="data"/>'s file (kept after disposal, for restarts), with an optional model folder.</summary>
    public static RelayNovelAppFactory On(TempDirectory data, string? modelPath = null) => new(data, ownsData: false, modelPath);

    /// <summary>A fresh app with the given model folder.</summary>
    public static RelayNovelAppFactory WithModel(string modelPath) => new(new TempDirectory(), ownsData: true, modelPath);

    private RelayNovelAppFactory(TempDirectory data, bool ownsData, string? modelPath)
    {
        Data = data;
        _ownsData = ownsData;
        ModelPath = modelPath ?? Path.Combine(data.Path, "no-model");
        Set("RelayNovel:DataPath", Path.Combine(data.Path, "relaynovel.db"));
        Set("RelayNovel:ModelPath", ModelPath);
        Set("RelayNovel:ExecutionProvider", "Cpu");
        Set("RelayNovel:AiSeed", "1234");
        Set("RelayNovel:Cluster:SiloPort", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));   // apps in parallel each have their own silo
    }

    public TempDirectory Data { get; }

    public string ModelPath { get; }

    public RoomClient Rooms => Services.GetRequiredService<RoomClient>();

    /// <summary>The app's story file, as the room grains write it.</summary>
    public LiteDbStoryStore Store => (LiteDbStoryStore)Services.GetRequiredService<IStoryStore>();

    public RoomBroadcaster Broadcaster => Services.GetRequiredService<RoomBroadcaster>();

    /// <summary>Any "RelayNovel:..." setting; call before the app starts.</summary>
    public RelayNovelAppFactory Set(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>
    /// The rooms' clock (e.g. a FakeTimeProvider for time rules); call before the app starts. The rules read it; the
    /// silo keeps real time (its own timers would stop), so the grains' clock timers still beat: a test that advances
    /// fake time then calls <see cref="RoomClient.TickAsync"/> to have the room look at the new time at once.
    /// </summary>
    public RelayNovelAppFactory UseTime(TimeProvider time)
    {
        _time = time;
        return this;
    }

    /// <summary>Serves on Kestrel at a random loopback port and returns its address (e.g. for Playwright).</summary>
    public Uri StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _started = true;
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_time is { } time)
        {
            builder.ConfigureTestServices(services => services.AddKeyedSingleton(RoomCoreServices.RoomTimeKey, time));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsData && !_disposingAsync)
        {
            Data.Dispose();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        _disposingAsync = true;   // the data folder goes only after the app has closed its file (below)
        var store = _started ? Services.GetService<IStoryStore>() as LiteDbStoryStore : null;
        await base.DisposeAsync();
        if (store is not null)
        {
            // The app's Program disposes its services on its own thread when app.Run() returns, which can be after
            // the test host's DisposeAsync: wait until the data file is closed, so a test that opens it next (or a
            // restarted app) reads it whole, and the folder is not deleted under it.
            await store.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        }
        if (_ownsData)
        {
            Data.Dispose();
        }
        GC.SuppressFinalize(this);
    }
}
