using Meshdock.Server.Cluster;
using Meshdock.Server.Docker;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddCluster();
builder.Services.AddDockerEngine();
var app = builder.Build();
app.MapGet("/api/health", () => new { status = "ok" });
app.MapCluster();
app.MapDockerEngine();
app.Run();

public partial class Program;
