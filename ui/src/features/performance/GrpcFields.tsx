import UploadFileIcon from '@mui/icons-material/UploadFile';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRef, useState } from 'react';
import type { PerfForm } from './perfForm';

type GrpcChange = Partial<Pick<PerfForm, 'grpcJson' | 'grpcProto' | 'grpcProtoName' | 'grpcReflection'>>;

interface GrpcFieldsProps {
  form: PerfForm;
  errors: { grpcJson?: string; grpcProto?: string };
  helpers: { grpcJson: string; grpcProto: string };
  onChange: (change: GrpcChange) => void;
}

/**
 * What a gRPC method needs besides its URL: the request as JSON, and where its type comes from — an uploaded
 * .proto file or the server's reflection service (one or the other).
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
            <Button size="small" onClick={() => onChange({ grpcProto: '', grpcProtoName: '' })}>
              Remove
            </Button>
          </>
        ) : null}
        <FormControlLabel
          control={
            <Switch
              checked={form.grpcReflection}
              onChange={(event) => onChange({ grpcReflection: event.target.checked, ...(event.target.checked ? { grpcProto: '', grpcProtoName: '' } : {}) })}
            />
          }
          label="Use server reflection"
        />
      </Stack>
      <FormHelperText error={Boolean(protoError)}>
        {protoError ?? (form.grpcReflection ? 'The server describes the method (grpc.reflection.v1 or v1alpha) when the run starts.' : helpers.grpcProto)}
      </FormHelperText>
    </Stack>
  );
}
