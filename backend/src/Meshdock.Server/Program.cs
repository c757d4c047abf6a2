using Meshdock.Server.Data;
using Meshdock.Server.Health;
using Meshdock.Server.Hosting;
using Meshdock.Server.Operations;
using Meshdock.Server.Perf;
using Meshdock.Server.Problems;
using Meshdock.Server.Session;

var builder = WebApplication.CreateBuilder(MeshdockOptions.CreateWebApplicationOptions(args));
builder.AddMeshdockHosting();
builder.Services.AddMeshdockProblems();
builder.Services.AddDatabase();
builder.Services.AddOperations();
builder.Services.AddPerf();
builder.Services.AddSessionInfo();

var app = builder.Build();
app.UseMeshdockHosting();
app.MapHealth();
app.MapSession();
app.MapOperations();
app.MapPerf();
app.MapProgressHub();
app.Run();
