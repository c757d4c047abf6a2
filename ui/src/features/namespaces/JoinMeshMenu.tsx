import Button from '@mui/material/Button';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useState } from 'react';
import type { MeshMembership } from '../../api';

interface Props {
  namespace: string;
  meshes: MeshMembership[];
  disabled: boolean;
  onJoin: (mesh: string) => void;
}

/** "Join mesh" with the meshes a namespace can join, from the mesh catalog. */
export function JoinMeshMenu({ namespace, meshes, disabled, onJoin }: Props) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <Button
        size="small"
        disabled={disabled || meshes.length === 0}
        aria-haspopup="menu"
        aria-label={`Join ${namespace} to a mesh`}
        onClick={(event) => setAnchor(event.currentTarget)}
      >
        Join mesh
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        {meshes.map((mesh) => (
          <MenuItem
            key={mesh.meshId}
            onClick={() => {
              setAnchor(null);
              onJoin(mesh.meshId);
            }}
          >
            {mesh.meshName}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
