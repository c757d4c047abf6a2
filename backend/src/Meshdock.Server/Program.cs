using Meshdock.Server.Features.Apps;
using Meshdock.Server.Features.Cleanup;
using Meshdock.Server.Features.Filters;
using Meshdock.Server.Features.Meshes;
using Meshdock.Server.Features.Namespaces;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Features.Performance;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Operations;
using Meshdock.Server.Platform;
using Meshdock.Server.Platform.Data;
using Meshdock.Server.Platform.Health;
using Meshdock.Server.Platform.Hosting;
using Meshdock.Server.Platform.Problems;
using Meshdock.Server.Platform.Session;

var builder = WebApplication.CreateSlimBuilder(MeshdockOptions.CreateWebApplicationOptions(args));
builder.AddMeshdockHosting();
builder.Services.AddMeshdockProblems();
builder.Services.AddDatabase();
builder.Services.AddSessionInfo();
builder.Services.AddOperations();
builder.Services.AddKubernetes();

builder.Services.AddOverview();
builder.Services.AddNamespaces();
builder.Services.AddMeshes();
builder.Services.AddApps();
builder.Services.AddCleanup();
builder.Services.AddFilters();
builder.Services.AddPerformance();

var app = builder.Build();
StartupCheck.ExitOnProblem(app);
app.UseMeshdockHosting();
app.MapHealth();
app.MapSession();
app.MapOperations();

app.MapOverview();
app.MapNamespaces();
app.MapMeshes();
app.MapApps();
app.MapCleanup();
app.MapFilters();
app.MapPerformance();
app.Run();
