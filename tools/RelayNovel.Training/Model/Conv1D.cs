using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RelayNovel.Training.Model;

/// <summary>HF GPT-2's Conv1D: weight stored [in, out], y = x·W + b (the transpose of nn.Linear).</summary>
internal sealed class Conv1D : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _weight;
    private readonly Parameter _bias;
    private readonly long _out;

    public Conv1D(string name, long inFeatures, long outFeatures, double initStd) : base(name)
    {
        _out = outFeatures;
        _weight = new Parameter(torch.normal(0.0, initStd, [inFeatures, outFeatures]));
        _bias = new Parameter(torch.zeros(outFeatures));
        register_parameter("weight", _weight);
        register_parameter("bias", _bias);
    }

    public override Tensor forward(Tensor input)
    {
        var shape = input.shape;
        var y = torch.addmm(_bias, input.reshape(-1, shape[^1]), _weight, 1, 1);
        return y.reshape([.. shape[..^1], _out]);
    }
}
