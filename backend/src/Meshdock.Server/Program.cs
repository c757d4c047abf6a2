using Meshdock.Server.Data;
using Meshdock.Server.Filters;
using Meshdock.Server.Health;
using Meshdock.Server.Hosting;
using Meshdock.Server.Operations;
using Meshdock.Server.Problems;
using Meshdock.Server.Sandbox;
using Meshdock.Server.Session;

var builder = WebApplication.CreateBuilder(MeshdockOptions.CreateWebApplicationOptions(args));
builder.AddMeshdockHosting();
builder.Services.AddMeshdockProblems();
builder.Services.AddDatabase();
builder.Services.AddOperations();
builder.Services.AddSessionInfo();
builder.Services.AddFilters();
builder.Services.AddSandbox();

var app = builder.Build();
app.UseMeshdockHosting();
app.MapHealth();
app.MapSession();
app.MapOperations();
app.MapProgressHub();
app.MapFilters();
app.MapSandbox();
app.Run();
