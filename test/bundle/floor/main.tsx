// The floor our stack costs: React 19, @xyflow/react, framer-motion and zustand, each used once.
import { ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { motion } from 'framer-motion';
import { createRoot } from 'react-dom/client';
import { create } from 'zustand';

const useCount = create<{ n: number; inc: () => void }>((set) => ({
  n: 0,
  inc: () => set((s) => ({ n: s.n + 1 })),
}));

function Floor() {
  const { n, inc } = useCount();
  return (
    <div style={{ width: 400, height: 300 }}>
      <motion.button animate={{ opacity: 1 }} onClick={inc}>
        {n}
      </motion.button>
      <ReactFlow
        nodes={[{ id: 'a', position: { x: 0, y: 0 }, data: { label: 'hello' } }]}
        edges={[]}
      />
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<Floor />);
