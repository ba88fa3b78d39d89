using RelayNovel.Inference.Checkpoints;

namespace RelayNovel.Tests.Checkpoints;

public sealed class Gpt2ConfigTests
{
    [SharedFixtureFact("kogpt2/config.json")]
    public void Load_KoGpt2ConfigJson_MatchesTheKoGpt2Preset()
    {
        var path = SharedFixtures.Require("kogpt2/config.json");
        Assert.Equal(Gpt2Presets.KoGpt2, Gpt2Config.Load(path));
    }

    [Fact]
    public void FromJson_NCtxWithoutNPositions_UsesNCtx()
    {
        var config = Gpt2Config.FromJson("""{"n_layer":2,"n_head":2,"n_embd":8,"n_ctx":64,"vocab_size":50,"bos_token_id":0,"eos_token_id":1}""");

        Assert.Equal(64, config.NPositions);
        Assert.Equal(1, config.PadTokenId); // pads with end-of-text when no pad id is given
    }

    [Fact]
    public void FromJson_GenericHfAttributeNames_AreAccepted()
    {
        var config = Gpt2Config.FromJson("""{"num_hidden_layers":2,"num_attention_heads":2,"hidden_size":8,"max_position_embeddings":64,"vocab_size":50,"bos_token_id":0,"eos_token_id":1}""");

        Assert.Equal(new Gpt2Config(2, 2, 8, 64, 50, 0, 1, 1), config);
    }

    [Fact]
    public void FromJson_OtherActivation_IsRefusedNamingIt()
    {
        var ex = Assert.Throws<CheckpointFormatException>(() => Gpt2Config.FromJson(
            """{"n_layer":2,"n_head":2,"n_embd":8,"n_positions":64,"vocab_size":50,"bos_token_id":0,"eos_token_id":1,"activation_function":"relu"}"""));

        Assert.Contains("relu", ex.Message);
        Assert.Contains("gelu_new", ex.Message);
    }

    [Theory]
    [InlineData("""{"n_head":2,"n_embd":8,"n_positions":64,"vocab_size":50}""", "n_layer")]
    [InlineData("""{"n_layer":2,"n_head":3,"n_embd":8,"n_positions":64,"vocab_size":50,"bos_token_id":0,"eos_token_id":1}""", "multiple of n_head")]
    [InlineData("""{"n_layer":2,"n_head":2,"n_embd":8,"n_positions":64,"vocab_size":50,"bos_token_id":0,"eos_token_id":77}""", "eos_token_id 77")]
    [InlineData("""{"n_layer":"two","n_head":2,"n_embd":8,"n_positions":64,"vocab_size":50}""", "'n_layer' must be an integer")]
    [InlineData("""{"model_type":"llama","n_layer":2}""", "llama")]
    [InlineData("""not json""", "not valid JSON")]
    [InlineData("""{"n_layer":2,"n_head":2,"n_embd":8,"n_positions":64,"vocab_size":50,"bos_token_id":0,"eos_token_id":1,"scale_attn_by_inverse_layer_idx":true}""", "scale_attn_by_inverse_layer_idx")]
    [InlineData("""{"n_layer":2,"n_head":2,"n_embd":8,"n_positions":64,"vocab_size":50,"bos_token_id":0,"eos_token_id":1,"scale_attn_weights":false}""", "scale_attn_weights")]
    [InlineData("""{"n_layer":2,"n_head":2,"n_embd":100000,"n_positions":64,"vocab_size":51200,"bos_token_id":0,"eos_token_id":1}""", "the token embedding (vocab_size × n_embd) would have 5120000000 elements")]
    [InlineData("""{"n_layer":2,"n_head":2,"n_embd":2000000000,"n_positions":1,"vocab_size":1,"bos_token_id":0,"eos_token_id":0}""", "the attention weight (n_embd × 3·n_embd)")]
    public void FromJson_BrokenConfig_ThrowsClearMessage(string json, string expected)
    {
        var ex = Assert.Throws<CheckpointFormatException>(() => Gpt2Config.FromJson(json));

        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Save_ThenLoad_RoundTripsEveryField()
    {
        using var temp = new TempDirectory();
        var config = new Gpt2Config(3, 4, 16, 40, 99, 5, 6, 7, 1e-6f, 24);

        config.Save(temp.File("config.json"));

        Assert.Equal(config, Gpt2Config.Load(temp.File("config.json")));
    }

    [Fact]
    public void Load_MissingFile_NamesThePath()
    {
        var ex = Assert.Throws<CheckpointFormatException>(() => Gpt2Config.Load("/nonexistent/config.json"));

        Assert.Contains("/nonexistent/config.json", ex.Message);
    }

    [Fact]
    public void Presets_ByName_FindsBothAndRefusesOthers()
    {
        Assert.Same(Gpt2Presets.Small, Gpt2Presets.ByName("small"));
        Assert.Same(Gpt2Presets.KoGpt2, Gpt2Presets.ByName("KoGPT2"));
        Assert.Contains("kogpt2, small", Assert.Throws<ArgumentException>(() => Gpt2Presets.ByName("huge")).Message);
    }

    [Fact]
    public void SmallPreset_FitsTheEmbeddedModelBudget()
    {
        // The embedded model folder must stay under 40 MB; fp32 weights are 4 bytes each.
        Assert.InRange(Gpt2Presets.Small.ParameterCount * 4, 1, 40_000_000);
    }

    [Fact]
    public void ParameterCount_KoGpt2_IsGpt2SmallWithTheLargerVocabulary()
    {
        // GPT-2 small has 124,439,808 parameters with its 50,257-token vocabulary and tied head.
        Assert.Equal(124_439_808 + (51200 - 50257) * 768, Gpt2Presets.KoGpt2.ParameterCount);
    }
}
