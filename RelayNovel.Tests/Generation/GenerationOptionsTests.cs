using RelayNovel.Inference.Generation;

namespace RelayNovel.Tests.Generation;

public sealed class GenerationOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        new GenerationOptions().Validate();
    }

    public static TheoryData<GenerationOptions, string> Invalid() => new()
    {
        { new GenerationOptions { MaxNewTokens = 0 }, "MaxNewTokens" },
        { new GenerationOptions { MaxNewTokens = 10, MinNewTokens = 11 }, "MinNewTokens" },
        { new GenerationOptions { Temperature = -0.1f }, "Temperature" },
        { new GenerationOptions { Temperature = float.NaN }, "Temperature" },
        { new GenerationOptions { TopK = -1 }, "TopK" },
        { new GenerationOptions { TopP = 0f }, "TopP" },
        { new GenerationOptions { TopP = 1.01f }, "TopP" },
        { new GenerationOptions { RepetitionPenalty = 0f }, "RepetitionPenalty" },
        { new GenerationOptions { NoRepeatNgramSize = -2 }, "NoRepeatNgramSize" },
        { new GenerationOptions { StopStrings = ["\n", ""] }, "StopStrings" },
        { new GenerationOptions { EndAtSentenceAfter = -1 }, "EndAtSentenceAfter" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_OutOfRange_ThrowsNamingTheSetting(GenerationOptions options, string setting)
    {
        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(setting, ex.ParamName);
        Assert.Contains(setting, ex.Message);
    }
}
