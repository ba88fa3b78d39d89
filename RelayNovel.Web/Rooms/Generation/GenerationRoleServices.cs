using Orleans.Configuration;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Web.Rooms.Generation;

/// <summary>
/// What <c>RelayNovel:Cluster:Role</c> changes. <see cref="NodeRole.All"/> (the default) is the single process as it
/// always was, plus the inference grain so that web nodes may use its engine; <see cref="NodeRole.Web"/> loads no
/// model and sends generation to the inference nodes; <see cref="NodeRole.Inference"/> runs the engine and owns no room.
/// </summary>
public static class GenerationRoleServices
{
    /// <summary>The engine rooms write with on this node: the local one, or the cluster's inference nodes.</summary>
    public static IServiceCollection AddGenerationForRole(this IServiceCollection services, NodeRole role)
    {
        services.AddSingleton<InferenceLoad>();
        if (role.RunsEngine())
        {
            services.AddSingleton<IGenerationEngine>(sp => sp.GetRequiredService<AiModel>());
            services.AddHostedService<Hosting.GenerationWorker>();
            return services;
        }
        services.AddSingleton<InferenceCatalog>();
        services.AddHostedService(sp => sp.GetRequiredService<InferenceCatalog>());
        services.AddSingleton<IGenerationEngine, RemoteGenerationEngine>();
        return services;
    }

    /// <summary>
    /// The grain classes this silo may host, by its role (read from the silo's configuration): placement only picks
    /// silos whose manifest lists a grain's class, so inference requests land on engine nodes and rooms on web nodes.
    /// </summary>
    public static ISiloBuilder AddRoleGrainClasses(this ISiloBuilder silo)
    {
        silo.Services.AddOptions<GrainTypeOptions>().PostConfigure<IConfiguration>((options, configuration) =>
        {
            var role = NodeRoles.Of(configuration);
            if (!role.RunsEngine())
            {
                options.Classes.Remove(typeof(InferenceGrain));
            }
            if (!role.HostsRooms())
            {
                options.Classes.Remove(typeof(RoomGrain));
            }
        });
        return silo;
    }
}
