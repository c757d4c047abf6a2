import UploadFileIcon from '@mui/icons-material/UploadFile';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRef, useState, type DragEvent } from 'react';
import { useUploadFilter } from '../../api';
import { formatBytes, maxModuleBytes, suggestFilterName, validateFilterName } from './filterName';

/** Drop or pick a .wasm, name it, upload: the backend validates the module and answers with the reason if it is not one. */
export function FilterUpload() {
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const upload = useUploadFilter();
  const nameError = file ? validateFilterName(name) : undefined;
  const sizeError = file && file.size > maxModuleBytes ? `The file is ${formatBytes(file.size)}, over the 16 MiB limit.` : undefined;

  const choose = (chosen: File | undefined) => {
    if (!chosen) return;
    upload.reset();
    setFile(chosen);
    setName(suggestFilterName(chosen.name));
  };

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0]);
  };

  const submit = async () => {
    if (!file || nameError || sizeError) return;
    upload.mutate({ name, bytes: new Uint8Array(await file.arrayBuffer()) });
  };

  return (
    <Stack spacing={1.5}>
      <Box
        role="button"
        tabIndex={0}
        aria-label="Drop a .wasm file here or choose one"
        onClick={() => input.current?.click()}
        onKeyDown={(event) => (event.key === 'Enter' || event.key === ' ') && input.current?.click()}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        sx={{
          border: 2,
          borderStyle: 'dashed',
          borderColor: dragging ? 'primary.main' : 'divider',
          borderRadius: 1,
          p: 2,
          textAlign: 'center',
          cursor: 'pointer',
        }}
      >
        <UploadFileIcon color={dragging ? 'primary' : 'action'} />
        <Typography variant="body2">
          {file ? `${file.name} (${formatBytes(file.size)})` : 'Drop a proxy-wasm module (.wasm) here, or click to choose one'}
        </Typography>
        <input
          ref={input}
          type="file"
          accept=".wasm,application/wasm"
          hidden
          data-testid="wasm-file"
          onChange={(event) => choose(event.target.files?.[0])}
        />
      </Box>
      {file ? (
        <Stack direction="row" spacing={1} alignItems="flex-start">
          <TextField
            label="Filter name"
            size="small"
            value={name}
            onChange={(event) => {
              upload.reset();
              setName(event.target.value);
            }}
            error={Boolean(nameError)}
            helperText={nameError ?? 'Becomes the name of the Kubernetes objects that deploy it'}
            sx={{ flex: 1 }}
          />
          <Button variant="contained" size="small" onClick={submit} disabled={Boolean(nameError || sizeError) || upload.isPending}>
            {upload.isPending ? 'Validating…' : 'Upload'}
          </Button>
        </Stack>
      ) : null}
      {sizeError ? <Alert severity="error">{sizeError}</Alert> : null}
      {upload.error ? <Alert severity="error">{upload.error.message}</Alert> : null}
      {upload.data ? (
        <Alert severity="success">
          {`${upload.data.name} is a valid proxy-wasm ${upload.data.abiVersion} module (${formatBytes(upload.data.size)}, ${upload.data.exports.length} exports, ${upload.data.imports.length} imports).`}
        </Alert>
      ) : null}
    </Stack>
  );
}
