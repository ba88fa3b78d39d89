using MudBlazor;

namespace RelayNovel.Web.Components.Layout;

/// <summary>The one place the app's colours are set; the AI colour in AuthorPalette matches Secondary.</summary>
/// <remarks>
/// Every text colour meets WCAG AA (4.5:1) on the page, on cards and on the light author tints, in both themes
/// (checked by the axe audit in AccessibilityBrowserTests). MudBlazor's defaults do not: its secondary text, its
/// status colours as alert text (drawn 7.5% darker than the colour) and its dark-theme primary under white button text fall short, so those
/// are set here: darker status colours on light, lighter ones (with dark text on filled buttons) on dark.
/// </remarks>
public static class RelayTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#8e24aa",
            AppbarBackground = "#3949ab",
            TextSecondary = "rgba(0,0,0,0.65)",
            Info = "#1565c0",
            Success = "#2e7d32",
            Warning = "#a85d00",
            Error = "#c62828",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#9fa8da",
            PrimaryContrastText = "#1a1a27",
            Secondary = "#ce93d8",
            SecondaryContrastText = "#1a1a27",
            TextSecondary = "rgba(255,255,255,0.72)",
            Info = "#90caf9",
            InfoContrastText = "#1a1a27",
            Success = "#a5d6a7",
            SuccessContrastText = "#1a1a27",
            Warning = "#ffcc80",
            WarningContrastText = "#1a1a27",
            Error = "#ffb4ab",
            ErrorContrastText = "#1a1a27",
        },
    };
}
