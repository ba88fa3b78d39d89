using Bunit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Components;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Api;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Hosting;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;
using RelayNovel.Web.Rooms.Backends;

namespace RelayNovel.Tests.Rooms;

/// <summary>
/// Issue 13: the model's name (and the context a room's settings are checked against) come from the model folder's
/// card and config, so creating a room, taking its snapshot or rendering its page never waits for the ONNX session
/// (KoGPT2 takes a while to load). The app here runs without its generation worker, so nothing loads the model at start:
/// whatever loads it is the test's doing, and <see cref="LocalOnnxBackend.IsLoaded"/> says whether it happened.
/// </summary>
public sealed class ModelNameWithoutLoadTests : IAsyncLifetime
{
    private const string CardTitle = "작은 시험 모델";

    private readonly TempDirectory _folder = new();
    private RelayNovelAppFactory _factory = null!;
    private WebApplicationFactory<WebAppMarker> _app = null!;

    public Task InitializeAsync()
    {
        foreach (var file in Directory.EnumerateFiles(TestModels.TinyModelPath))
        {
            File.Copy(file, _folder.File(Path.GetFileName(file)));
        }
        File.WriteAllText(_folder.File("MODEL_CARD.md"), $"# {CardTitle}\n\nRandom weights, for tests.\n");
        _factory = RelayNovelAppFactory.WithModel(_folder.Path);
        _app = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            var worker = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(GenerationWorker));
            services.Remove(worker);
        }));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
        _folder.Dispose();
    }

    private RoomClient Rooms => _app.Services.GetRequiredService<RoomClient>();

    private LocalOnnxBackend Local => _app.Services.GetRequiredService<LocalOnnxBackend>();

    [Fact]
    public async Task RoomSnapshot_ModelNotLoadedYet_NameComesFromTheModelCardWithoutLoadingIt()
    {
        var created = await Rooms.CreateAsync(new RoomSettings("이름만 읽기", TurnTimerSeconds: 0));

        var snapshot = (await Rooms.GetAsync(created.RoomId))!;

        Assert.Equal((CardTitle, null), (snapshot.ModelName, snapshot.AiUnavailableReason));
        Assert.False(Local.IsLoaded, "Creating a room or reading its snapshot loaded the ONNX model.");
        await _app.Services.GetRequiredService<AiModel>().WarmAsync();
        Assert.True(Local.IsLoaded);
        Assert.Equal(CardTitle, (await Rooms.GetAsync(created.RoomId))!.ModelName);   // the loaded model keeps the same name
    }

    [Fact]
    public async Task RoomPage_Render_ShowsTheModelNameWithoutLoadingIt()
    {
        var created = await Rooms.CreateAsync(new RoomSettings("페이지", TurnTimerSeconds: 0));
        await using var ctx = UiTestContext.Create(services =>
        {
            services.AddSingleton(Rooms);
            services.AddSingleton(_app.Services.GetRequiredService<RoomBroadcaster>());
            services.AddSingleton(_app.Services.GetRequiredService<InviteLinks>());
            services.AddSingleton(_app.Services.GetRequiredService<CircuitActivity>());
            services.AddScoped<CircuitRoomPresence>();
        });

        var cut = ctx.Render<RoomPage>(p => p.Add(x => x.RoomId, created.RoomId));

        Assert.Contains(CardTitle, cut.WaitForElement("[data-testid=model-name]").TextContent, StringComparison.Ordinal);
        Assert.False(Local.IsLoaded, "Rendering the room page loaded the ONNX model.");
    }
}
