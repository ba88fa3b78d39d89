using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace RelayNovel.Training.Model;

/// <summary>GPT2LMHeadModel with the LM head tied to wte; parameter names match Hugging Face.</summary>
internal sealed class Gpt2LmHeadModel : nn.Module<Tensor, Tensor>
{
    private readonly Gpt2Transformer _transformer;

    public Gpt2LmHeadModel(ModelConfig config) : base("gpt2")
    {
        Config = config;
        _transformer = new Gpt2Transformer("transformer", config);
        register_module("transformer", _transformer);
    }

    public ModelConfig Config { get; }

    /// <summary>Logits [B, T, V] for token ids [B, T].</summary>
    public override Tensor forward(Tensor input) => _transformer.forward(input).matmul(_transformer.TokenEmbedding.t());

    /// <summary>Cross-entropy of next-token prediction; sum or mean over all positions.</summary>
    public Tensor Loss(Tensor input, Tensor targets, bool sum = false)
    {
        var logits = forward(input);
        return F.cross_entropy(logits.reshape(-1, Config.VocabSize), targets.reshape(-1),
            reduction: sum ? nn.Reduction.Sum : nn.Reduction.Mean);
    }
}
