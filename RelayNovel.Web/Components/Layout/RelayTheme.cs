using MudBlazor;

namespace RelayNovel.Web.Components.Layout;

/// <summary>The one place the app's colours are set; the AI colour in AuthorPalette matches Secondary.</summary>
public static class RelayTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight { Primary = "#3949ab", Secondary = "#8e24aa", AppbarBackground = "#3949ab" },
        PaletteDark = new PaletteDark { Primary = "#7986cb", Secondary = "#ce93d8" },
    };
}
