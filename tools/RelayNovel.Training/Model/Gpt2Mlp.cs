using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace RelayNovel.Training.Model;

/// <summary>GPT-2 MLP: c_fc [d,4d], gelu_new (tanh approximation), c_proj [4d,d].</summary>
internal sealed class Gpt2Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Conv1D _cFc;
    private readonly Conv1D _cProj;
    private readonly nn.Module<Tensor, Tensor> _dropout;

    public Gpt2Mlp(string name, ModelConfig config) : base(name)
    {
        _cFc = new Conv1D("c_fc", config.NEmbd, 4L * config.NEmbd, 0.02);
        _cProj = new Conv1D("c_proj", 4L * config.NEmbd, config.NEmbd, 0.02 / Math.Sqrt(2.0 * config.NLayer));
        _dropout = nn.Dropout(config.Dropout);
        register_module("c_fc", _cFc);
        register_module("c_proj", _cProj);
        register_module("dropout", _dropout);
    }

    public override Tensor forward(Tensor input) =>
        _dropout.forward(_cProj.forward(F.gelu(_cFc.forward(input), approximate: TorchSharp.Modules.GELU.Approximate.tanh)));
}
