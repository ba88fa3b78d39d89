using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RelayNovel.Training.Model;

/// <summary>The "transformer" part of GPT2LMHeadModel: wte, wpe, h.{i}, ln_f.</summary>
internal sealed class Gpt2Transformer : nn.Module<Tensor, Tensor>
{
    private readonly Embedding _wte;
    private readonly Embedding _wpe;
    private readonly nn.Module<Tensor, Tensor> _drop;
    private readonly ModuleList<Gpt2Block> _h;
    private readonly nn.Module<Tensor, Tensor> _lnF;

    public Gpt2Transformer(string name, ModelConfig config) : base(name)
    {
        _wte = nn.Embedding(config.VocabSize, config.NEmbd);
        _wpe = nn.Embedding(config.NPositions, config.NEmbd);
        using (torch.no_grad())
        {
            _wte.weight!.normal_(0, 0.02);
            _wpe.weight!.normal_(0, 0.01);
        }

        _drop = nn.Dropout(config.Dropout);
        _h = new ModuleList<Gpt2Block>([.. Enumerable.Range(0, config.NLayer).Select(i => new Gpt2Block($"{i}", config))]);
        _lnF = nn.LayerNorm(config.NEmbd, config.LayerNormEpsilon);
        register_module("wte", _wte);
        register_module("wpe", _wpe);
        register_module("drop", _drop);
        register_module("h", _h);
        register_module("ln_f", _lnF);
    }

    public Tensor TokenEmbedding => _wte.weight!;

    public override Tensor forward(Tensor input)
    {
        var positions = torch.arange(input.shape[1], dtype: ScalarType.Int64);
        var x = _drop.forward(_wte.forward(input) + _wpe.forward(positions));
        foreach (var block in _h)
        {
            x = block.forward(x);
        }

        return _lnF.forward(x);
    }
}
