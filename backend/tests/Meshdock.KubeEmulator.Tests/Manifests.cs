namespace Meshdock.KubeEmulator.Tests;

/// <summary>Manifests the fidelity tests apply with kubectl.</summary>
public static class Manifests
{
    public static string App(string name, string image = "nginx:1.27", int replicas = 2, int progressDeadlineSeconds = 600) => $$"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{name}}-config
        data:
          greeting: hello
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          labels: {app: {{name}}}
        spec:
          replicas: {{replicas}}
          progressDeadlineSeconds: {{progressDeadlineSeconds}}
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
              - name: web
                image: {{image}}
                ports:
                - containerPort: 80
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: {{name}}
        spec:
          selector: {app: {{name}}}
          ports:
          - port: 80
        """;

    public const string GadgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: gadgets.example.meshdock.io
        spec:
          group: example.meshdock.io
          scope: Namespaced
          names: {plural: gadgets, singular: gadget, kind: Gadget, shortNames: [gdg]}
          versions:
          - name: v1alpha1
            served: true
            storage: true
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """;

    public const string Gadget = """
        apiVersion: example.meshdock.io/v1alpha1
        kind: Gadget
        metadata:
          name: first
        spec:
          color: teal
        """;
}
