import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** The sign-in and password pages: the product's name over one card, in the middle of the screen. */
export function CenteredPage({ children }: { children: ReactNode }) {
  return (
    <Flex vertical align="center" justify="center" gap={24} style={{ minHeight: '100vh', background: '#f0f2f5' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        发票中心
      </Typography.Title>
      {children}
    </Flex>
  );
}
