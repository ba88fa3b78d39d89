using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Rooms;

/// <summary>Two people with one name at the same table are told apart: the later one gets a number.</summary>
public sealed class DuplicateNameTests
{
    [Fact]
    public async Task Join_NameAlreadySeated_GetsTheNextFreeNumber()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "민지", "MINJI", "민지");

        var names = (await app.Rooms.GetAsync(room.Id))!.Seats.Where(s => s.Kind == SeatKind.Human).Select(s => s.Name);

        Assert.Equal(["민지", "민지 (2)", "MINJI", "민지 (3)"], names);
    }

    [Fact]
    public async Task Join_NameOfTheAiSeat_IsToldApartFromTheAi()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "ai");

        Assert.Equal("ai (2)", (await app.Rooms.GetAsync(room.Id))!.Seats[0].Name);
    }

    [Fact]
    public async Task Join_LongNameAlreadySeated_NumberFitsWithinTheNameLimit()
    {
        using var app = new RelayNovelAppFactory();
        var longName = new string('가', RoomSettingsRules.MaxNameLength);
        var room = await RoomSetup.CreateAsync(app.Rooms, null, longName, longName);

        var second = (await app.Rooms.GetAsync(room.Id))!.Seats[1].Name!;
        Assert.Equal(RoomSettingsRules.MaxNameLength, second.Length);
        Assert.EndsWith(" (2)", second, StringComparison.Ordinal);
    }
}
