import UploadFileIcon from '@mui/icons-material/UploadFile';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRef, useState } from 'react';
import type { PerfForm, ProtoImport } from './perfForm';

type GrpcChange = Partial<Pick<PerfForm, 'grpcJson' | 'grpcProto' | 'grpcProtoName' | 'grpcImports' | 'grpcReflection'>>;

interface GrpcFieldsProps {
  form: PerfForm;
  errors: { grpcJson?: string; grpcProto?: string; grpcImports?: string };
  helpers: { grpcJson: string; grpcProto: string; grpcImports: string };
  onChange: (change: GrpcChange) => void;
}

/**
 * What a gRPC method needs besides its URL: the request as JSON, and where its type comes from — an uploaded
 * .proto file (with the files it imports) or the server's reflection service (one or the other).
 */
export function GrpcFields({ form, errors, helpers, onChange }: GrpcFieldsProps) {
  const input = useRef<HTMLInputElement>(null);
  const [reading, setReading] = useState<string>();

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setReading(undefined);
    try {
      onChange({ grpcProto: await file.text(), grpcProtoName: file.name, grpcReflection: false });
    } catch {
      setReading(`${file.name} could not be read; choose the file again.`);
    }
  };

  const protoError = reading ?? errors.grpcProto;
  return (
    <Stack spacing={1} component="fieldset" sx={{ border: 0, p: 0, m: 0 }} aria-label="gRPC request">
      <TextField
        label="Request (JSON)"
        size="small"
        multiline
        minRows={2}
        value={form.grpcJson}
        onChange={(event) => onChange({ grpcJson: event.target.value })}
        error={Boolean(errors.grpcJson)}
        helperText={errors.grpcJson ?? helpers.grpcJson}
        placeholder='{"name": "world"}'
        inputProps={{ spellCheck: false, style: { fontFamily: 'monospace' } }}
      />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} alignItems={{ sm: 'center' }} useFlexGap flexWrap="wrap">
        <input
          ref={input}
          type="file"
          accept=".proto,text/plain"
          hidden
          aria-label=".proto file"
          onChange={(event) => {
            void upload(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
        <Button size="small" variant="outlined" startIcon={<UploadFileIcon />} disabled={form.grpcReflection} onClick={() => input.current?.click()}>
          {form.grpcProto ? 'Replace .proto file' : 'Upload .proto file'}
        </Button>
        {form.grpcProto ? (
          <>
            <Typography variant="body2">{form.grpcProtoName || '.proto file'}</Typography>
            <Button size="small" onClick={() => onChange({ grpcProto: '', grpcProtoName: '', grpcImports: [] })}>
              Remove
            </Button>
          </>
        ) : null}
        <FormControlLabel
          control={
            <Switch
              checked={form.grpcReflection}
              onChange={(event) =>
                onChange({ grpcReflection: event.target.checked, ...(event.target.checked ? { grpcProto: '', grpcProtoName: '', grpcImports: [] } : {}) })
              }
            />
          }
          label="Use server reflection"
        />
      </Stack>
      <FormHelperText error={Boolean(protoError)}>
        {protoError ?? (form.grpcReflection ? 'The server describes the method (grpc.reflection.v1 or v1alpha) when the run starts.' : helpers.grpcProto)}
      </FormHelperText>
      {form.grpcProto ? <ProtoImports form={form} error={errors.grpcImports} helper={helpers.grpcImports} onChange={onChange} /> : null}
    </Stack>
  );
}

/** The files the .proto file imports, each under the path its import statement names (the file's name to start with). */
function ProtoImports({ form, error, helper, onChange }: { form: PerfForm; error?: string; helper: string; onChange: (change: GrpcChange) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [reading, setReading] = useState<string>();
  const add = async (files: File[]) => {
    setReading(undefined);
    try {
      const added = await Promise.all(files.map(async (file) => ({ path: file.name, text: await file.text() })));
      onChange({ grpcImports: [...form.grpcImports, ...added] });
    } catch {
      setReading('A file could not be read; choose it again.');
    }
  };
  const update = (index: number, imported?: ProtoImport) =>
    onChange({ grpcImports: form.grpcImports.flatMap((item, i) => (i !== index ? [item] : imported ? [imported] : [])) });
  const problem = reading ?? error;
  return (
    <Stack spacing={1} aria-label="Imports of the .proto file">
      {form.grpcImports.map((imported, index) => (
        <Stack key={index} direction="row" spacing={1} alignItems="center">
          <TextField
            label="Import path"
            size="small"
            value={imported.path}
            onChange={(event) => update(index, { ...imported, path: event.target.value })}
            inputProps={{ spellCheck: false, style: { fontFamily: 'monospace' } }}
            sx={{ minWidth: 320 }}
          />
          <Button size="small" onClick={() => update(index)} aria-label={`Remove ${imported.path}`}>
            Remove
          </Button>
        </Stack>
      ))}
      <input
        ref={input}
        type="file"
        accept=".proto,text/plain"
        multiple
        hidden
        aria-label="Imported .proto files"
        onChange={(event) => {
          void add(Array.from(event.target.files ?? []));
          event.target.value = '';
        }}
      />
      <Stack direction="row">
        <Button size="small" variant="outlined" startIcon={<UploadFileIcon />} onClick={() => input.current?.click()}>
          Add imported files
        </Button>
      </Stack>
      <FormHelperText error={Boolean(problem)}>{problem ?? helper}</FormHelperText>
    </Stack>
  );
}
