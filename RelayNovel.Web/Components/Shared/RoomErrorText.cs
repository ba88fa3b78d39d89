using System.Globalization;
using Microsoft.Extensions.Localization;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Components.Shared;

/// <summary>Turns a rejection from the room service into a sentence the user can act on, in the UI language.</summary>
public static class RoomErrorText
{
    /// <summary>The refusal's own UI text when it has one (it names the bad entry, line or turn), else its kind.</summary>
    public static string For(IStringLocalizer<UiText> text, RoomException error) =>
        error.TextKey is { } key
            ? string.Format(CultureInfo.CurrentCulture, text[key], [.. error.TextArgs])
            : text[$"Error.{error.Code}"];
}
