using System.Globalization;
using Microsoft.Extensions.Localization;
using RelayNovel.Web.Components;

namespace RelayNovel.Web.Api.Epub;

/// <summary>The words the book adds around the story (page names, the colophon's headings).</summary>
/// <param name="Chapter">A composite format for an untitled chapter's name, {0} its number.</param>
/// <param name="TrainingData">A composite format for the heading of a model's training data attribution, {0} the model.</param>
public sealed record EpubLabels(string Contents, string Foreword, string Story, string Chapter, string Colophon, string Authors,
    string Models, string TrainingData, string MadeWith)
{
    private static readonly CultureInfo Korean = CultureInfo.GetCultureInfo(EpubBook.Language);

    /// <summary>
    /// The labels in Korean whatever the request's culture: the book declares itself Korean (<c>lang="ko"</c>). The
    /// localizer reads the current UI culture, so it is set for these synchronous reads only.
    /// </summary>
    public static EpubLabels InKorean(IStringLocalizer<UiText> text)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = Korean;
        try
        {
            return new(text["Epub.Contents"], text["Epub.Foreword"], text["Epub.Story"], text["Epub.Chapter"],
                text["Epub.Colophon"], text["Epub.Authors"], text["Epub.Models"], text["Epub.TrainingData"], text["Epub.MadeWith"]);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    public string ChapterName(int number) => string.Format(CultureInfo.InvariantCulture, Chapter, number);

    public string TrainingDataOf(string model) => string.Format(CultureInfo.InvariantCulture, TrainingData, model);
}
