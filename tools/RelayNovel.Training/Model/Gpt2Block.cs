using TorchSharp;
using static TorchSharp.torch;

namespace RelayNovel.Training.Model;

/// <summary>Pre-LayerNorm transformer block: x + attn(ln_1(x)), then x + mlp(ln_2(x)).</summary>
internal sealed class Gpt2Block : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _ln1;
    private readonly Gpt2Attention _attn;
    private readonly nn.Module<Tensor, Tensor> _ln2;
    private readonly Gpt2Mlp _mlp;

    public Gpt2Block(string name, ModelConfig config) : base(name)
    {
        _ln1 = nn.LayerNorm(config.NEmbd, config.LayerNormEpsilon);
        _attn = new Gpt2Attention("attn", config);
        _ln2 = nn.LayerNorm(config.NEmbd, config.LayerNormEpsilon);
        _mlp = new Gpt2Mlp("mlp", config);
        register_module("ln_1", _ln1);
        register_module("attn", _attn);
        register_module("ln_2", _ln2);
        register_module("mlp", _mlp);
    }

    public override Tensor forward(Tensor input)
    {
        var x = input + _attn.forward(_ln1.forward(input));
        return x + _mlp.forward(_ln2.forward(x));
    }
}
