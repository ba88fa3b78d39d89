using RelayNovel.Tests.Tokenization;

namespace RelayNovel.Tests.EmbeddedModel;

/// <summary>
/// The fixed held-out excerpt the model card's excerpt figure is measured on: the first 3,000
/// characters of 봄봄 (김유정; KoCoNovel edition, CC BY-SA 4.0), a work in onnx/VALIDATION_WORKS.txt.
/// </summary>
internal static class HeldOutExcerpt
{
    public const string RelativePath = "corpus/texts/koconovel/23_spring_spring.txt";

    public const int Chars = 3000;

    public static string Text { get; } = Load();

    private static string Load()
    {
        var path = SharedData.Find(RelativePath) ?? throw new FileNotFoundException(SharedData.MissingReason(RelativePath));
        return File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n')[..Chars];
    }
}
