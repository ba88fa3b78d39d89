using Microsoft.Extensions.Localization;
using RelayNovel.Web.Components;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Web.Api.Epub;

/// <summary>The <c>format=epub</c> export: the room's book as a download named after the story.</summary>
public static class EpubExport
{
    public const string Format = "epub";

    public static async Task<IResult> DownloadAsync(string id, RoomClient service, TrainingDataCredits credits,
        IStringLocalizer<UiText> text, TimeProvider time)
    {
        var history = await service.HistoryAsync(id) ?? throw RoomEndpoints.NotFound();
        var book = EpubBookBuilder.FromExport(history, credits, EpubLabels.InKorean(text), time.GetUtcNow());
        return TypedResults.File(EpubWriter.Write(book), EpubWriter.MediaType, StoryExport.FileName(history.Room.Settings.Title, Format));
    }
}
